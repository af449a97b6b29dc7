using System.Diagnostics;
using System.Globalization;
using Callaro.Core;
using Callaro.Core.Health;
using Azure.Data.Tables;

// Report generation over a day of N calls, against a bare $select scan of the same partition through
// Azure.Data.Tables; and the live heap while the report folds the day (goal: flat as the day grows).
var connectionString = Environment.GetEnvironmentVariable("CALLARO_BENCH_STORAGE")
    ?? throw new InvalidOperationException("Set CALLARO_BENCH_STORAGE (bench/health.sh does).");
var sizes = args.Length > 0 ? args[0].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : [10_000, 100_000];
const int Rounds = 3;

var tables = new TableServiceClient(connectionString);
var names = new StorageNames("bench" + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture));
foreach (var table in names.Tables)
{
    await tables.CreateTableIfNotExistsAsync(table);
}

var date = new DateOnly(2025, 3, 10);
// Recordings and transcripts are folded into the call records, so the report reads the calls alone.
var source = new TableReportCallSource(tables, names);
Console.WriteLine("calls     bare scan ms  report ms  ratio  live heap peak KiB (report)  rows/s (report)");
foreach (var size in sizes)
{
    var workspace = new HealthWorkspace("w" + size.ToString(CultureInfo.InvariantCulture), TimeZoneInfo.Utc);
    await BenchSeed.SeedAsync(tables, names, workspace.WorkspaceId, date, size);

    var bare = new List<double>();
    var report = new List<double>();
    for (var round = 0; round < Rounds; round++)
    {
        // Alternate so neither side always runs on a warmer cache.
        if (round % 2 == 0) { bare.Add(await BareScanAsync()); report.Add(await ReportAsync(false)); }
        else { report.Add(await ReportAsync(false)); bare.Add(await BareScanAsync()); }
    }
    var peak = await PeakHeapAsync();
    var bareMs = Median(bare);
    var reportMs = Median(report);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{size,-9} {bareMs,12:0} {reportMs,10:0} {reportMs / bareMs,6:0.00} {peak / 1024,28:0} {size / (reportMs / 1000),16:0}"));

    async Task<double> BareScanAsync()
    {
        var calls = tables.GetTableClient(names.CallsTable);
        var watch = Stopwatch.StartNew();
        var rows = 0;
        await foreach (var page in calls.QueryAsync<TableEntity>(TableReportCallSource.DayFilter(workspace.WorkspaceId, date), TableReportCallSource.PageSize, TableReportCallSource.RecordColumns).AsPages())
        {
            rows += page.Values.Count;
        }
        if (rows != size) throw new InvalidOperationException($"Expected {size} rows, scanned {rows}.");
        return watch.Elapsed.TotalMilliseconds;
    }

    async Task<double> ReportAsync(bool sample)
    {
        var watch = Stopwatch.StartNew();
        var built = await BuildAsync(sample ? _ => { } : null);
        if (built.Calls.Total != size) throw new InvalidOperationException($"Expected {size} calls, reported {built.Calls.Total}.");
        return watch.Elapsed.TotalMilliseconds;
    }

    // The most the heap holds, after a full collection, at each page boundary of one report over the day.
    async Task<long> PeakHeapAsync()
    {
        long peak = 0;
        await BuildAsync(_ => peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true)));
        return peak;
    }

    async Task<HealthReport> BuildAsync(Action<int>? everyPage)
    {
        var builder = new HealthReportBuilder(new HealthReportInput
        {
            WorkspaceId = workspace.WorkspaceId, Date = date, TimeZone = workspace.TimeZone,
            AsOf = HealthReportSchedule.ReportTime(date, workspace.TimeZone, new TimeOnly(6, 0)),
            Campaigns = BenchSeed.Campaigns,
        });
        var count = 0;
        await foreach (var call in source.ReadCallsAsync(workspace, date))
        {
            builder.Add(call);
            if (++count % TableReportCallSource.PageSize == 0) everyPage?.Invoke(count);
        }
        return builder.Build();
    }
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
