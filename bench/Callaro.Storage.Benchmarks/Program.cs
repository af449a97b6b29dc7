using System.Diagnostics;
using System.Globalization;
using Callaro.Storage.Tables;

// Measures Callaro.Storage against a running Azurite; bench/storage.sh runs it beside the official
// JavaScript SDK on the same data and prints both. Output: one "metric value" line per figure.
var settings = BenchSettings.Parse(args);
var table = new TableClient(settings.ConnectionString, settings.Table);

if (settings.Mode == "seed")
{
    await table.CreateIfNotExistsAsync();
    await Seed.PartitionAsync(table, settings.ScanPartition, settings.PartitionSize);
    return;
}

var results = new List<(string Metric, double Value)>
{
    ("upserts_per_s", await Measure.UpsertsAsync(table, settings)),
    ("point_reads_per_s", await Measure.PointReadsAsync(table, settings)),
    ("first_page_50_ms", await Measure.FirstPageAsync(table, settings)),
    ("scan_select_entities_per_s", await Measure.ScanAsync(table, settings)),
};

foreach (var (metric, value) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{metric} {value:F2}"));
}

internal sealed record BenchSettings(string ConnectionString, string Table, string Mode, string ScanPartition, int PartitionSize, int Operations, int Concurrency, string RunId)
{
    public static BenchSettings Parse(string[] args)
    {
        string Arg(string name, string? fallback = null)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"--{name} is required.");
        }

        return new BenchSettings(
            Arg("connection", Environment.GetEnvironmentVariable("CALLARO_BENCH_STORAGE")),
            Arg("table", "bench"),
            Arg("mode", "run"),
            Arg("scan-partition", "scan"),
            int.Parse(Arg("partition-size", "20000"), CultureInfo.InvariantCulture),
            int.Parse(Arg("operations", "4000"), CultureInfo.InvariantCulture),
            int.Parse(Arg("concurrency", "16"), CultureInfo.InvariantCulture),
            Arg("run-id", Guid.NewGuid().ToString("N")[..8]));
    }
}

internal static class Seed
{
    public static TableEntity Entity(string partition, int i) => new(partition, i.ToString("D8", CultureInfo.InvariantCulture))
    {
        ["CallId"] = "call-" + i.ToString(CultureInfo.InvariantCulture),
        ["Status"] = (i % 5) switch { 0 => "missed", 1 => "failed", _ => "completed" },
        ["Duration"] = i % 600,
        ["StartedAt"] = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i),
        ["Bytes"] = (long)i * 4096,
        ["Answered"] = i % 3 == 0,
        ["Score"] = i / 7.0,
        ["Summary"] = "Customer asked about the invoice and was transferred to billing.",
    };

    public static async Task PartitionAsync(TableClient table, string partition, int size)
    {
        var chunks = Enumerable.Range(0, size).Chunk(100).ToArray();
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (chunk, ct) =>
            await table.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Entity(partition, i))), ct));
    }
}

internal static class Measure
{
    public static async Task<double> UpsertsAsync(TableClient table, BenchSettings s)
    {
        var partition = "upserts-ours-" + s.RunId;
        await RunConcurrentlyAsync(200, s.Concurrency, i => table.UpsertEntityAsync(Seed.Entity(partition + "-warm", i)));
        return await RunConcurrentlyAsync(s.Operations, s.Concurrency, i => table.UpsertEntityAsync(Seed.Entity(partition, i)));
    }

    public static async Task<double> PointReadsAsync(TableClient table, BenchSettings s)
    {
        var random = new Random(42);
        var rows = Enumerable.Range(0, s.Operations + 200).Select(_ => random.Next(s.PartitionSize).ToString("D8", CultureInfo.InvariantCulture)).ToArray();
        await RunConcurrentlyAsync(200, s.Concurrency, i => table.GetEntityAsync(s.ScanPartition, rows[s.Operations + i]));
        return await RunConcurrentlyAsync(s.Operations, s.Concurrency, i => table.GetEntityAsync(s.ScanPartition, rows[i]));
    }

    /// <summary>Median latency of the first page of 50 newest-first style rows from the big partition.</summary>
    public static async Task<double> FirstPageAsync(TableClient table, BenchSettings s)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {s.ScanPartition}");
        var timings = new List<double>();
        for (var run = 0; run < 35; run++)
        {
            var watch = Stopwatch.StartNew();
            await foreach (var page in table.QueryAsync(filter, maxPerPage: 50).AsPages())
            {
                if (page.Values.Count != 50)
                {
                    throw new InvalidOperationException($"expected 50 entities, got {page.Values.Count}");
                }

                break;
            }

            if (run >= 5)
            {
                timings.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        timings.Sort();
        return timings[timings.Count / 2];
    }

    /// <summary>Best of three full scans of the big partition with $select.</summary>
    public static async Task<double> ScanAsync(TableClient table, BenchSettings s)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {s.ScanPartition}");
        var best = 0.0;
        for (var run = 0; run < 3; run++)
        {
            var watch = Stopwatch.StartNew();
            var count = 0;
            await foreach (var entity in table.QueryAsync(filter, select: ["RowKey", "Status", "Duration"]))
            {
                count += entity.Count > 0 ? 1 : 0;
            }

            if (count != s.PartitionSize)
            {
                throw new InvalidOperationException($"expected {s.PartitionSize} entities, scanned {count}");
            }

            best = Math.Max(best, count / watch.Elapsed.TotalSeconds);
        }

        return best;
    }

    private static async Task<double> RunConcurrentlyAsync(int operations, int concurrency, Func<int, Task> operation)
    {
        var next = -1;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < operations)
            {
                await operation(i);
            }
        });
        await Task.WhenAll(workers);
        return operations / watch.Elapsed.TotalSeconds;
    }
}
