// The call log against days of 1,000, 10,000 and 100,000 calls:
// 1. the first page: latency through CallLogReader divided by the latency of a bare Azure.Data.Tables query for the
//    same rows, and the entities read per page;
// 2. number search: entities read per page for a whole number and for its last four digits, for a number on every
//    call and for one on 1 call in 1,000;
// 3. the CSV export of the whole day against a bare query reading the same rows: time, bytes allocated per call and
//    the live heap (after a full collection at every page boundary), which must stay flat as the day grows.
// Each size has its own workspace, so sizes and reruns never share rows; a seeded day is reused while its marker
// says it holds exactly these calls in the app's current row layout, and is cleared and seeded again otherwise.
using System.Diagnostics;
using System.Globalization;
using Azure.Core;
using Azure.Data.Tables;
using Callaro.Core.CallLog;
using Callaro.Core.Tests.CallLog;
using Callaro.CallLog.Benchmarks;

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
var day = SeededDay.Day;

foreach (var size in sizes) await SeededDay.EnsureAsync(table, size);

Console.WriteLine($"Call log first page (50 rows), {iterations} iterations each, median latency");
Console.WriteLine($"{"calls/day",10} {"view",7} {"reader ms",10} {"bare ms",9} {"ratio",6} {"read/page",10} {"back read",10}");
foreach (var size in sizes)
{
    var workspace = SeededDay.Workspace(size);
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
    var workspace = SeededDay.Workspace(size);
    foreach (var (label, number, matches) in new[]
    {
        ("whole number, every call", SeededDay.EveryCall, size), ("last 4 digits, every call", SeededDay.EveryCall[^4..], size),
        ("whole number, 1 in 1,000", SeededDay.OneInAThousand, size / 1000), ("last 4 digits, 1 in 1,000", SeededDay.OneInAThousand[^4..], size / 1000),
    })
    {
        var (readFirst, readBack) = await EntitiesPerPageAsync(new CallLogQuery { Workspace = workspace, From = day, To = day, Number = number, PageSize = 50 });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size,10:N0} {label,-26} {matches,8:N0} {readFirst,10} {readBack,10}"));
    }
}

Console.WriteLine();
Console.WriteLine("CSV export of the whole day (pages of 200) against a bare query reading the same rows (pages of 1,000)");
Console.WriteLine("time: median of 3; alloc: bytes allocated per call; live: the most the heap held after a full collection at a page boundary,");
Console.WriteLine("and how much of it the run added to the heap before it started (negative: the collections freed more than the run kept)");
Console.WriteLine($"{"calls/day",10} {"export s",9} {"bare s",7} {"ratio",6} {"calls/s",9} {"CSV MB",7} {"alloc B/call",13} {"bare B/call",12} {"ratio",6} {"live MB",8} {"added KB",9} {"bare live MB",13} {"added KB",9}");
foreach (var size in sizes)
{
    var workspace = SeededDay.Workspace(size);
    var pk = CallLogLayout.PartitionKey(workspace, day);
    var query = new CallLogQuery { Workspace = workspace, From = day, To = day, PageSize = CallLogCsv.PageSize };
    var bareFilter = TableCallLogRowSource.BuildFilter(pk, CallLogLayout.LogPrefix, true, CallLogLayout.PrefixEnd(CallLogLayout.LogPrefix), new CallLogRowFilter(null, []));

    async Task<long> BareReadAsync(Action? everyPage)
    {
        var rows = 0;
        await foreach (var page in table.QueryAsync<TableEntity>(bareFilter, maxPerPage: 1000, select: CallLogRowMapper.Columns).AsPages(pageSizeHint: 1000))
        {
            rows += page.Values.Select(CallLogRowMapper.ToItem).Count();
            everyPage?.Invoke();
        }
        return rows;
    }

    async Task<(long Calls, long Bytes)> ExportAsync(Action? everyPage)
    {
        using var sink = new CountingStream { Flushed = everyPage };
        var calls = await CallLogCsv.WriteAsync(reader, query, await reader.ReadPageAsync(query), TimeZoneInfo.Utc, sink, TimeSpan.FromSeconds(30));
        return (calls, sink.Length);
    }

    var exports = new List<double>();
    var bares = new List<double>();
    long bytes = 0;
    for (var i = 0; i < 3; i++)
    {
        var sw = Stopwatch.StartNew();
        var rows = await BareReadAsync(null);
        bares.Add(sw.Elapsed.TotalSeconds);
        sw.Restart();
        (var written, bytes) = await ExportAsync(null);
        exports.Add(sw.Elapsed.TotalSeconds);
        if (written != size || rows != size) throw new InvalidOperationException($"exported {written} and read {rows} of {size} calls");
    }
    var exportAllocated = await AllocatedPerCallAsync(() => ExportAsync(null), size);
    var bareAllocated = await AllocatedPerCallAsync(() => BareReadAsync(null), size);
    var exportLive = await LiveHeapAsync(sample => ExportAsync(sample));
    var bareLive = await LiveHeapAsync(sample => BareReadAsync(sample));
    var e = Median(exports);
    var b = Median(bares);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{size,10:N0} {e,9:F2} {b,7:F2} {e / b,6:F2} {size / e,9:N0} {bytes / 1048576.0,7:F1} {exportAllocated,13:N0} {bareAllocated,12:N0} {exportAllocated / bareAllocated,6:F2} {exportLive.Peak / 1048576.0,8:F1} {(exportLive.Peak - exportLive.Before) / 1024.0,9:N0} {bareLive.Peak / 1048576.0,13:F1} {(bareLive.Peak - bareLive.Before) / 1024.0,9:N0}"));
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

static async Task<double> AllocatedPerCallAsync<T>(Func<Task<T>> run, int calls)
{
    var before = GC.GetTotalAllocatedBytes(precise: true);
    await run();
    return (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)calls;
}

// Garbage not yet collected says nothing about what a run keeps, so the heap is measured after a full collection at
// every page boundary; the heap before the run is measured the same way.
static async Task<(long Before, long Peak)> LiveHeapAsync<T>(Func<Action, Task<T>> run)
{
    var before = GC.GetTotalMemory(forceFullCollection: true);
    var peak = 0L;
    await run(() => peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true)));
    return (before, peak);
}

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}

/// <summary>Counts what the export writes and keeps none of it; <see cref="Flushed"/> runs at every page boundary (the export flushes per page).</summary>
sealed class CountingStream : Stream
{
    public Action? Flushed { get; init; }
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => Position;
    public override long Position { get; set; }
    public override void Flush() => Flushed?.Invoke();
    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Flushed?.Invoke();
        return Task.CompletedTask;
    }
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
