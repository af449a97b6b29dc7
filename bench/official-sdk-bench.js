// The official JavaScript SDK (@azure/data-tables, pinned in tools/sdk-check) doing what
// bench/Callaro.Storage.Benchmarks does, on the same Azurite and the same seeded partition.
// Output: one "metric value" line per figure.
const path = require("node:path");
const { createRequire } = require("node:module");
const sdk = createRequire(path.join(__dirname, "..", "tools", "sdk-check", "package.json"));
const { TableClient, AzureNamedKeyCredential, odata } = sdk("@azure/data-tables");

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  if (fallback === undefined) throw new Error(`--${name} is required`);
  return fallback;
}

const endpoint = arg("endpoint");
const account = arg("account", "devstoreaccount1");
const key = arg("key");
const tableName = arg("table", "bench");
const scanPartition = arg("scan-partition", "scan");
const partitionSize = Number(arg("partition-size", "20000"));
const operations = Number(arg("operations", "4000"));
const concurrency = Number(arg("concurrency", "16"));
const runId = arg("run-id", Math.random().toString(16).slice(2, 10));

const table = new TableClient(endpoint, tableName, new AzureNamedKeyCredential(account, key), { allowInsecureConnection: true });

function entity(partitionKey, i) {
  return {
    partitionKey,
    rowKey: String(i).padStart(8, "0"),
    CallId: `call-${i}`,
    Status: i % 5 === 0 ? "missed" : i % 5 === 1 ? "failed" : "completed",
    Duration: i % 600,
    StartedAt: new Date(Date.UTC(2025, 0, 1) + i * 1000),
    Bytes: { value: String(i * 4096), type: "Int64" },
    Answered: i % 3 === 0,
    Score: { value: String(i / 7), type: "Double" },
    Summary: "Customer asked about the invoice and was transferred to billing.",
  };
}

async function runConcurrently(count, operation) {
  let next = -1;
  const start = process.hrtime.bigint();
  const worker = async () => {
    let i;
    while ((i = ++next) < count) await operation(i);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return count / seconds;
}

async function upserts() {
  const partition = `upserts-theirs-${runId}`;
  await runConcurrently(200, (i) => table.upsertEntity(entity(`${partition}-warm`, i), "Merge"));
  return runConcurrently(operations, (i) => table.upsertEntity(entity(partition, i), "Merge"));
}

async function pointReads() {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const rows = Array.from({ length: operations + 200 }, () => String(Math.floor(random() * partitionSize)).padStart(8, "0"));
  await runConcurrently(200, (i) => table.getEntity(scanPartition, rows[operations + i]));
  return runConcurrently(operations, (i) => table.getEntity(scanPartition, rows[i]));
}

async function firstPage() {
  const timings = [];
  for (let run = 0; run < 35; run++) {
    const start = process.hrtime.bigint();
    const pages = table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${scanPartition}` } }).byPage({ maxPageSize: 50 });
    const page = (await pages.next()).value;
    if (page.length !== 50) throw new Error(`expected 50 entities, got ${page.length}`);
    if (run >= 5) timings.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  timings.sort((a, b) => a - b);
  return timings[Math.floor(timings.length / 2)];
}

async function scan() {
  let best = 0;
  for (let run = 0; run < 3; run++) {
    const start = process.hrtime.bigint();
    let count = 0;
    const query = table.listEntities({
      queryOptions: { filter: odata`PartitionKey eq ${scanPartition}`, select: ["RowKey", "Status", "Duration"] },
    });
    for await (const e of query) count += e ? 1 : 0;
    if (count !== partitionSize) throw new Error(`expected ${partitionSize} entities, scanned ${count}`);
    best = Math.max(best, count / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  return best;
}

(async () => {
  const results = [
    ["upserts_per_s", await upserts()],
    ["point_reads_per_s", await pointReads()],
    ["first_page_50_ms", await firstPage()],
    ["scan_select_entities_per_s", await scan()],
  ];
  for (const [metric, value] of results) console.log(`${metric} ${value.toFixed(2)}`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
