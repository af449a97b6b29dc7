namespace Callaro.Core.CallLog;

/// <summary>
/// Pages through the call log with keyset paging on row keys, across the day partitions of a range.
/// Towards older calls it reads forward (row keys ascend from newest to oldest); towards newer calls it
/// reads time windows just above the boundary, sized from the previous page's density, because Table
/// Storage only reads ascending. Either way the entities read per page stay proportional to the page
/// size, whatever the day's volume, and every request's work is capped: a selective filter over a big
/// day returns a short page with a cursor rather than scanning on.
/// </summary>
public sealed class CallLogReader
{
    private const int MaxRoundTrips = 24;
    private static readonly long MinWindowTicks = TimeSpan.FromMinutes(1).Ticks;
    private readonly ICallLogRowSource _source;
    private readonly CallLogCursorCodec _cursors;
    private readonly ICallLogGapJudge? _gaps;

    /// <summary>Creates a reader over a row source; <paramref name="gaps"/> judges the "logging incomplete" filter.</summary>
    public CallLogReader(ICallLogRowSource source, CallLogCursorCodec cursors, ICallLogGapJudge? gaps = null)
    {
        _source = source;
        _cursors = cursors;
        _gaps = gaps;
    }

    /// <summary>Reads one page of the log.</summary>
    /// <exception cref="ArgumentException">The query is inconsistent (see <see cref="CallLogQuery.Validate"/>).</exception>
    /// <exception cref="CallLogCursorException">The cursor was forged, altered or belongs to another query.</exception>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    public async Task<CallLogPage> ReadPageAsync(CallLogQuery query, CancellationToken cancellationToken = default)
    {
        var errors = query.Validate();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors.SelectMany(e => e.Value)), nameof(query));
        var position = query.Cursor is null ? null : _cursors.Decode(query, query.Cursor);
        if (CallLogRowFilter.CannotMatch(query))
            return new CallLogPage([], null, null, 0);
        if (query.Incomplete && _gaps is null)
            throw new InvalidOperationException("This reader has no judge of logging gaps; register an ICallLogGapJudge.");
        var scan = new Scan(query, _source, _gaps, cancellationToken);
        return position is { Direction: CallLogPagingDirection.Newer }
            ? await ReadNewerAsync(scan, position)
            : await ReadOlderAsync(scan, position);
    }

    private async Task<CallLogPage> ReadOlderAsync(Scan scan, CallLogPosition? start)
    {
        var query = scan.Query;
        var need = query.PageSize + 1; // one extra row tells whether an older page exists
        var day = start?.Day ?? query.To;
        var lower = start?.RowKey ?? scan.Prefix;
        var inclusive = start?.Inclusive ?? true;
        var continuation = start?.Continuation;
        var rows = new List<Row>(need);
        CallLogPosition? resume = null;
        while (rows.Count < need)
        {
            if (scan.RoundTrips >= MaxRoundTrips || scan.EntitiesRead >= 8 * need)
            {
                resume = new(CallLogPagingDirection.Older, day, lower, inclusive, 0, continuation);
                break;
            }
            var batch = await scan.ReadAsync(day, lower, inclusive, scan.PrefixEnd, need - rows.Count, continuation);
            rows.AddRange(batch.Rows.Select(r => new Row(day, r.RowKey, r.Item)));
            if (rows.Count >= need) break;
            // The service stopped early (scan limit): resume the same read with its token.
            continuation = batch.Continuation;
            if (continuation is not null) continue;
            // Rows the judge dropped leave the batch short of a full read: go on after the last row read.
            if (batch.Full) { lower = batch.LastRead!; inclusive = false; continue; }
            if (day <= query.From) break;
            day = day.AddDays(-1);
            lower = scan.Prefix;
            inclusive = true;
        }

        var page = rows.Take(query.PageSize).ToList();
        string? next = null;
        if (rows.Count > query.PageSize)
            next = Encode(query, CallLogPagingDirection.Older, page[^1], page);
        else if (resume is not null)
            next = _cursors.Encode(query, resume with { SpanTicks = Span(page) });

        string? prev = null;
        if (start is not null)
        {
            prev = page.Count > 0
                ? Encode(query, CallLogPagingDirection.Newer, page[0], page)
                : _cursors.Encode(query, start with { Direction = CallLogPagingDirection.Newer, Inclusive = false });
        }
        return new CallLogPage(page.Select(r => r.Item).ToList(), next, prev, scan.EntitiesRead);
    }

    private async Task<CallLogPage> ReadNewerAsync(Scan scan, CallLogPosition start)
    {
        var query = scan.Query;
        var need = query.PageSize + 1;
        var nearestFirst = new List<Row>(need);
        var day = start.Day;
        var upper = start.RowKey;
        var reference = TicksOf(scan.Prefix, upper) ?? 0;
        var window = Math.Max(start.SpanTicks + start.SpanTicks / 4, MinWindowTicks);
        CallLogPosition? resume = null;
        var exhausted = false;
        while (nearestFirst.Count < need)
        {
            if (scan.RoundTrips >= MaxRoundTrips || scan.EntitiesRead >= 8 * need)
            {
                resume = new(CallLogPagingDirection.Newer, day, upper, false, window);
                break;
            }
            var windowEnd = reference > DateTime.MaxValue.Ticks - window ? DateTime.MaxValue.Ticks : reference + window;
            var lower = windowEnd >= DateTime.MaxValue.Ticks - 1 ? scan.Prefix : scan.Prefix + CallLogLayout.InvertedTicks(new DateTimeOffset(windowEnd, TimeSpan.Zero));
            var limit = Math.Max(4 * need, 64);
            var rows = await scan.ReadAllAsync(day, lower, upper, limit);
            if (rows is null)
            {
                // Too many rows in the window: narrow it rather than read them all.
                if (window > 1) { window = Math.Max(1, window / 4); continue; }
                rows = await scan.ReadAllAsync(day, lower, upper, int.MaxValue, narrowable: false) ?? [];
            }
            for (var i = rows.Count - 1; i >= 0 && nearestFirst.Count < need; i--)
                nearestFirst.Add(new Row(day, rows[i].RowKey, rows[i].Item));
            if (nearestFirst.Count >= need) break;

            if (string.CompareOrdinal(lower, scan.Prefix) > 0)
            {
                upper = lower;
                reference = windowEnd;
                window = rows.Count == 0 ? window * 4 : window * 2;
                continue;
            }
            if (day >= query.To) { exhausted = true; break; }
            day = day.AddDays(1);
            upper = scan.PrefixEnd;
            reference = nearestFirst.Count > 0 ? nearestFirst[^1].Item.StartedAt.UtcTicks : reference;
            window = Math.Max(window, MinWindowTicks);
        }

        var page = nearestFirst.Take(query.PageSize).Reverse().ToList();
        string? prev = null;
        if (nearestFirst.Count > query.PageSize)
            prev = Encode(query, CallLogPagingDirection.Newer, page[0], page);
        else if (resume is not null && !exhausted)
            prev = _cursors.Encode(query, resume);

        var next = page.Count > 0
            ? Encode(query, CallLogPagingDirection.Older, page[^1], page)
            : _cursors.Encode(query, start with { Direction = CallLogPagingDirection.Older, Inclusive = true });
        return new CallLogPage(page.Select(r => r.Item).ToList(), next, prev, scan.EntitiesRead);
    }

    private string Encode(CallLogQuery query, CallLogPagingDirection direction, Row boundary, IReadOnlyList<Row> page) =>
        _cursors.Encode(query, new CallLogPosition(direction, boundary.Day, boundary.RowKey, false, Span(page)));

    private static long Span(IReadOnlyList<Row> page) =>
        page.Count < 2 ? 0 : Math.Abs((page[0].Item.StartedAt - page[^1].Item.StartedAt).Ticks);

    private static long? TicksOf(string prefix, string rowKey) =>
        CallLogLayout.InvertedTicksOf(prefix, rowKey) is { } inverted ? DateTime.MaxValue.Ticks - inverted : null;

    private sealed record Row(DateOnly Day, string RowKey, CallLogItem Item);

    /// <summary>
    /// One round trip's rows that passed every filter, and what was read: whether the read returned all it was asked
    /// for (so more may follow <see cref="LastRead"/>) and how many rows it read.
    /// </summary>
    private sealed record ScanBatch(List<(string RowKey, CallLogItem Item)> Rows, int Read, bool Full, string? LastRead, string? Continuation);

    /// <summary>One request's reads, counted so the work per request can be capped.</summary>
    private sealed class Scan(CallLogQuery query, ICallLogRowSource source, ICallLogGapJudge? gaps, CancellationToken cancellationToken)
    {
        private readonly CallLogRowFilter _filter = CallLogRowFilter.Of(query);
        public CallLogQuery Query { get; } = query;
        public string Prefix { get; } = CallLogLayout.RowPrefix(query.View, query.Number);
        public string PrefixEnd => CallLogLayout.PrefixEnd(Prefix);
        public int RoundTrips { get; private set; }
        public int EntitiesRead { get; private set; }

        public async Task<ScanBatch> ReadAsync(DateOnly day, string lower, bool inclusive, string upper, int top, string? continuation = null)
        {
            RoundTrips++;
            var batch = await source.ReadAsync(CallLogLayout.PartitionKey(Query.Workspace, day), lower, inclusive, upper, _filter, top, continuation, cancellationToken);
            EntitiesRead += batch.Rows.Count;
            var kept = new List<(string RowKey, CallLogItem Item)>(batch.Rows.Count);
            // Completeness depends on settings at read time, so it is judged here, on rows already read and counted.
            foreach (var row in batch.Rows)
                if (!Query.Incomplete || await gaps!.HasGapsAsync(Query.Workspace, row.Item, cancellationToken))
                    kept.Add(row);
            return new ScanBatch(kept, batch.Rows.Count, batch.Rows.Count == top, batch.Rows.Count > 0 ? batch.Rows[^1].RowKey : null, batch.Continuation);
        }

        /// <summary>
        /// Reads every row of [lower, upper), or null when there are more than <paramref name="limit"/> or the
        /// service keeps stopping early (a selective filter over a wide window): the caller narrows the window.
        /// </summary>
        public async Task<List<(string RowKey, CallLogItem Item)>?> ReadAllAsync(DateOnly day, string lower, string upper, int limit, bool narrowable = true)
        {
            var rows = new List<(string, CallLogItem)>();
            var from = lower;
            var inclusive = true;
            string? continuation = null;
            var trips = 0;
            var read = 0;
            while (true)
            {
                var top = (int)Math.Min(1000L, (long)limit - read + 1);
                var batch = await ReadAsync(day, from, inclusive, upper, top, continuation);
                trips++;
                read += batch.Read;
                rows.AddRange(batch.Rows);
                if (read > limit) return null;
                continuation = batch.Continuation;
                if (continuation is not null)
                {
                    if (narrowable && trips >= 4) return null;
                    continue;
                }
                if (batch.Full) { from = batch.LastRead!; inclusive = false; continue; }
                return rows;
            }
        }
    }
}
