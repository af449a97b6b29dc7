// The call log's first page against days of 1,000, 10,000 and 100,000 calls: latency through
// CallLogReader divided by the latency of a bare Azure.Data.Tables query for the same rows, and the
// entities read per page. Seeds once (entity group transactions in the layout's shape) and reuses the
// seeded days on later runs.
using System.Diagnostics;
using System.Globalization;
using Azure.Core;
using Callaro.Core.CallLog;
using Callaro.Core.Calls;
using Callaro.Core.Tests.CallLog;
using Azure.Data.Tables;

var connection = Environment.GetEnvironmentVariable("CALLARO_BENCH_STORAGE")
    ?? throw new InvalidOperationException("Set CALLARO_BENCH_STORAGE (bench/calllog.sh starts Azurite and sets it).");
var iterations = int.TryParse(Environment.GetEnvironmentVariable("CALLARO_BENCH_ITERATIONS"), out var it) ? it : 40;
int[] sizes = Environment.GetEnvironmentVariable("CALLARO_BENCH_SIZES") is { Length: > 0 } s
    ? s.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray()
    : [1_000, 10_000, 100_000];

var counter = new EntityCountingPolicy();
var options = new TableClientOptions();
options.AddPolicy(counter, HttpPipelinePosition.PerCall);
var table = new TableClient(connection, "benchcalllogcalls", options);
await table.CreateIfNotExistsAsync();
var reader = new CallLogReader(new TableCallLogRowSource(table), new CallLogCursorCodec(CallLogCursorCodec.DeriveKey("bench")));
const string workspace = "bench";

Console.WriteLine($"Call log first page (50 rows), {iterations} iterations each, median latency");
Console.WriteLine($"{"calls/day",10} {"view",7} {"reader ms",10} {"bare ms",9} {"ratio",6} {"read/page",10} {"back read",10}");
foreach (var size in sizes)
{
    var day = new DateOnly(2026, 1, 1).AddDays(Array.IndexOf(sizes, size));
    var pk = CallLogLayout.PartitionKey(workspace, day);
    await EnsureSeededAsync(pk, day, size);
    foreach (var view in new[] { CallLogView.All, CallLogView.Alerts })
    {
        var query = new CallLogQuery { Workspace = workspace, From = day, To = day, View = view, PageSize = 50 };
        var prefix = CallLogLayout.RowPrefix(view, null);
        var bareFilter = TableCallLogRowSource.BuildFilter(pk, prefix, true, CallLogLayout.PrefixEnd(prefix), new CallLogRowFilter(null, []));

        async Task<int> Bare()
        {
            await foreach (var page in table.QueryAsync<TableEntity>(bareFilter, maxPerPage: 50, select: CallLogRowMapper.Columns).AsPages(pageSizeHint: 50))
                return page.Values.Select(CallLogRowMapper.ToItem).Count();
            return 0;
        }

        for (var w = 0; w < 5; w++) { await reader.ReadPageAsync(query); await Bare(); }
        var readerTimes = new List<double>();
        var bareTimes = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            // Interleaved so that drift in the emulator affects both sides alike.
            var sw = Stopwatch.StartNew();
            await Bare();
            bareTimes.Add(sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            await reader.ReadPageAsync(query);
            readerTimes.Add(sw.Elapsed.TotalMilliseconds);
        }
        counter.Reset();
        var first = await reader.ReadPageAsync(query);
        var readFirst = counter.Entities;
        var second = await reader.ReadPageAsync(query with { Cursor = first.NextCursor });
        counter.Reset();
        await reader.ReadPageAsync(query with { Cursor = second.PrevCursor });
        var readBack = counter.Entities;
        var r = Median(readerTimes);
        var b = Median(bareTimes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{size,10:N0} {view.ToString().ToLowerInvariant(),7} {r,10:F2} {b,9:F2} {r / b,6:F2} {readFirst,10} {readBack,10}"));
    }
}

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}

async Task EnsureSeededAsync(string pk, DateOnly day, int size)
{
    var marker = await table.GetEntityIfExistsAsync<TableEntity>(pk, "~seeded");
    if (marker.HasValue && marker.Value?.GetInt32("Calls") == size) return;
    var sw = Stopwatch.StartNew();
    var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    var calls = Enumerable.Range(0, size).Select(i => new LayoutSeeder.SeedCall(
        $"b{size}-{i:D6}", start.AddMilliseconds(86_000_000.0 * i / size),
        i % 7 == 0 ? CallStatus.Missed : i % 11 == 0 ? CallStatus.Failed : CallStatus.Completed,
        (CallDirection)(i % 3), $"+1555{i % 1000:D4}", "+4930100"));
    await LayoutSeeder.WriteAsync(table, pk, calls, numberRows: false, parallel: 8);
    await table.UpsertEntityAsync(new TableEntity(pk, "~seeded") { ["Calls"] = size });
    Console.Error.WriteLine($"seeded {size:N0} calls into {pk} in {sw.Elapsed.TotalSeconds:F1}s");
}
