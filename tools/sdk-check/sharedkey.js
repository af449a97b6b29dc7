// Sends a fixed set of Table and Blob requests, signed by the official SDKs with Shared Key, to the
// listener at the given base URL (path-style, like Azurite). The caller captures them and signs the
// same requests with its own code. Answers are not checked: only the signed requests matter.
const { TableClient, TableServiceClient, AzureNamedKeyCredential, odata } = require("@azure/data-tables");
const { BlobServiceClient, StorageSharedKeyCredential } = require("@azure/storage-blob");

const [base, account, key] = process.argv.slice(2);
const endpoint = `${base}/${account}`;
const noRetry = { retryOptions: { maxRetries: 0 }, allowInsecureConnection: true };

async function attempt(what, operation) {
  try {
    await operation();
  } catch (error) {
    // The listener's answers are minimal; an SDK complaining about them is expected.
    if (process.env.SDK_CHECK_VERBOSE) console.error(what, error.message);
  }
}

async function main() {
  const tableCredential = new AzureNamedKeyCredential(account, key);
  const service = new TableServiceClient(endpoint, tableCredential, noRetry);
  const table = new TableClient(endpoint, "calls", tableCredential, noRetry);
  const pk = "O'Brien & co+50% ünï";
  const rk = "it's (1) ~*!";
  await attempt("createTable", () => table.createTable());
  await attempt("upsert", () => table.upsertEntity({ partitionKey: pk, rowKey: rk, n: 1 }, "Merge"));
  await attempt("get", () => table.getEntity(pk, rk));
  await attempt("query", async () => {
    const pages = table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${pk}`, select: ["n"] } }).byPage({ maxPageSize: 5 });
    await pages.next();
  });
  await attempt("delete", () => table.deleteEntity(pk, rk));
  await attempt("acl", () => table.getAccessPolicy());
  await attempt("properties", () => service.getProperties());

  const blobs = new BlobServiceClient(endpoint, new StorageSharedKeyCredential(account, key), { retryOptions: { maxTries: 1 } });
  const container = blobs.getContainerClient("recordings");
  const blob = container.getBlockBlobClient("calls/2025 01/x y ü+1.wav");
  await attempt("createContainer", () => container.create());
  await attempt("upload", () =>
    blob.upload("hello", 5, {
      blobHTTPHeaders: { blobContentType: "audio/wav" },
      metadata: { CallId: "c-1", workspace: "acme" },
      conditions: { ifNoneMatch: "*" },
    }));
  await attempt("list", async () => {
    const pages = container.listBlobsFlat({ prefix: "calls/2025 01/", includeMetadata: true }).byPage({ maxPageSize: 7 });
    await pages.next();
  });
  await attempt("properties", () => blob.getProperties());
  await attempt("download", () => blob.download());
  await attempt("deleteBlob", () => blob.delete());
  await attempt("serviceProperties", () => blobs.getProperties());
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
