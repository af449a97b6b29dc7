// The call log against days of 1,000, 10,000 and 100,000 calls:
// 1. the first page: latency through CallLogReader divided by the latency of a bare Azure.Data.Tables query for the
//    same rows, and the entities read per page;
// 2. number search: entities read per page for a whole number and for its last four digits, for a number on every
//    call and for one on 1 call in 1,000;
// 3. the CSV export of the whole day: time divided by a bare query reading the same rows, and the export's peak
//    managed heap above what it started with (flat in the day's size: one page in memory).
// Seeds once (entity group transactions in the layout's shape) and reuses the seeded days on later runs.
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
const string EveryCall = "+4930100";  // the callee of every seeded call
const string OneInAThousand = "+15550007";

DateOnly DayOf(int size) => new DateOnly(2026, 1, 1).AddDays(Array.IndexOf(sizes, size));
foreach (var size in sizes) await EnsureSeededAsync(CallLogLayout.PartitionKey(workspace, DayOf(size)), DayOf(size), size);

Console.WriteLine($"Call log first page (50 rows), {iterations} iterations each, median latency");
Console.WriteLine($"{"calls/day",10} {"view",7} {"reader ms",10} {"bare ms",9} {"ratio",6} {"read/page",10} {"back read",10}");
foreach (var size in sizes)
{
    var day = DayOf(size);
    var pk = CallLogLayout.PartitionKey(workspace, day);
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
        var (readFirst, readBack) = await EntitiesPerPageAsync(query);
        var r = Median(readerTimes);
        var b = Median(bareTimes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{size,10:N0} {view.ToString().ToLowerInvariant(),7} {r,10:F2} {b,9:F2} {r / b,6:F2} {readFirst,10} {readBack,10}"));
    }
}

Console.WriteLine();
Console.WriteLine("Number search (50 rows a page): entities read for the first page and for paging back from the second");
Console.WriteLine($"{"calls/day",10} {"search",-26} {"matches",8} {"read/page",10} {"back read",10}");
foreach (var size in sizes)
{
    var day = DayOf(size);
    foreach (var (label, number, matches) in new[]
    {
        ("whole number, every call", EveryCall, size), ("last 4 digits, every call", EveryCall[^4..], size),
        ("whole number, 1 in 1,000", OneInAThousand, size / 1000), ("last 4 digits, 1 in 1,000", OneInAThousand[^4..], size / 1000),
    })
    {
        var (readFirst, readBack) = await EntitiesPerPageAsync(new CallLogQuery { Workspace = workspace, From = day, To = day, Number = number, PageSize = 50 });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size,10:N0} {label,-26} {matches,8:N0} {readFirst,10} {readBack,10}"));
    }
}

Console.WriteLine();
Console.WriteLine("CSV export of the whole day (pages of 200) against a bare query reading the same rows (pages of 1,000), median of 3");
Console.WriteLine($"{"calls/day",10} {"export s",9} {"bare s",7} {"ratio",6} {"calls/s",9} {"CSV MB",7} {"peak heap MB",13}");
foreach (var size in sizes)
{
    var day = DayOf(size);
    var pk = CallLogLayout.PartitionKey(workspace, day);
    var query = new CallLogQuery { Workspace = workspace, From = day, To = day, PageSize = CallLogCsv.PageSize };
    var bareFilter = TableCallLogRowSource.BuildFilter(pk, CallLogLayout.LogPrefix, true, CallLogLayout.PrefixEnd(CallLogLayout.LogPrefix), new CallLogRowFilter(null, []));
    var exports = new List<double>();
    var bares = new List<double>();
    long bytes = 0, peak = 0, written = 0;
    for (var i = 0; i < 3; i++)
    {
        var sw = Stopwatch.StartNew();
        var rows = 0;
        await foreach (var page in table.QueryAsync<TableEntity>(bareFilter, maxPerPage: 1000, select: CallLogRowMapper.Columns).AsPages(pageSizeHint: 1000))
            rows += page.Values.Select(CallLogRowMapper.ToItem).Count();
        bares.Add(sw.Elapsed.TotalSeconds);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        using var sink = new CountingStream();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            var max = 0L;
            while (!sampling.IsCancellationRequested)
            {
                max = Math.Max(max, GC.GetTotalMemory(false));
                try { await Task.Delay(5, sampling.Token); } catch (OperationCanceledException) { }
            }
            return max;
        });
        sw.Restart();
        written = await CallLogCsv.WriteAsync(reader, query, await reader.ReadPageAsync(query), TimeZoneInfo.Utc, sink, TimeSpan.FromSeconds(30));
        exports.Add(sw.Elapsed.TotalSeconds);
        await sampling.CancelAsync();
        peak = Math.Max(peak, await sampler - before);
        bytes = sink.Length;
        if (written != size || rows != size) throw new InvalidOperationException($"exported {written} and read {rows} of {size} calls");
    }
    var e = Median(exports);
    var b = Median(bares);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{size,10:N0} {e,9:F2} {b,7:F2} {e / b,6:F2} {size / e,9:N0} {bytes / 1048576.0,7:F1} {peak / 1048576.0,13:F1}"));
}

async Task<(int First, int Back)> EntitiesPerPageAsync(CallLogQuery query)
{
    counter.Reset();
    var first = await reader.ReadPageAsync(query);
    var readFirst = counter.Entities;
    if (first.NextCursor is null) return (readFirst, 0);
    var second = await reader.ReadPageAsync(query with { Cursor = first.NextCursor });
    counter.Reset();
    await reader.ReadPageAsync(query with { Cursor = second.PrevCursor });
    return (readFirst, counter.Entities);
}

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}

async Task EnsureSeededAsync(string pk, DateOnly day, int size)
{
    var marker = await table.GetEntityIfExistsAsync<TableEntity>(pk, "~seeded");
    if (marker.HasValue && marker.Value?.GetInt32("Calls") == size && marker.Value.GetBoolean("NumberRows") == true) return;
    var sw = Stopwatch.StartNew();
    var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    var calls = Enumerable.Range(0, size).Select(i => new LayoutSeeder.SeedCall(
        $"b{size}-{i:D6}", start.AddMilliseconds(86_000_000.0 * i / size),
        i % 7 == 0 ? CallStatus.Missed : i % 11 == 0 ? CallStatus.Failed : CallStatus.Completed,
        (CallDirection)(i % 3), $"+1555{i % 1000:D4}", EveryCall));
    // Log and alert rows, each number's own rows and its 4-digit suffix rows: every row these reads can touch. The
    // longer suffixes have prefixes of their own that no read here comes near, so they are left out to keep the
    // emulator's memory small.
    var fourDigits = CallTableKeys.SuffixPrefix + "04";
    var rows = calls.SelectMany(c => LayoutSeeder.Rows(pk, c, numberRows: true))
        .Where(r => !r.RowKey.StartsWith(CallTableKeys.SuffixPrefix, StringComparison.Ordinal) || r.RowKey.StartsWith(fourDigits, StringComparison.Ordinal));
    await LayoutSeeder.WriteRowsAsync(table, rows, parallel: 8);
    await table.UpsertEntityAsync(new TableEntity(pk, "~seeded") { ["Calls"] = size, ["NumberRows"] = true });
    Console.Error.WriteLine($"seeded {size:N0} calls into {pk} in {sw.Elapsed.TotalSeconds:F1}s");
}

/// <summary>Counts what the export writes and keeps none of it.</summary>
sealed class CountingStream : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => Position;
    public override long Position { get; set; }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => Position += count;
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Position += buffer.Length;
        return ValueTask.CompletedTask;
    }
}
