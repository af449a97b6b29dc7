using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Callaro.Core.Calls;
using Callaro.Core.Workspaces;

namespace Callaro.Core.Ingestion;

/// <summary>What the backfill did in one date partition.</summary>
/// <param name="PartitionKey">The date partition (<c>{workspace}_{yyyyMMdd}</c>).</param>
/// <param name="Calls">Call records found (forwarders left by moved calls are not calls).</param>
/// <param name="CallsMissingRows">Calls that lacked at least one whole-number or suffix index row.</param>
/// <param name="RowsWritten">Index rows written.</param>
/// <param name="Changed">Calls that changed while the backfill worked on them and were read again.</param>
public sealed record NumberIndexBackfillResult(string PartitionKey, int Calls, int CallsMissingRows, int RowsWritten, int Changed);

/// <summary>
/// Writes the whole-number and number-suffix index rows that calls stored before those rows existed lack, so a
/// search by any spelling or by the last digits finds them. The rows come from <see cref="CallProjection"/>, the
/// ingestion side's own projection of the record, and each call's rows are written in a transaction that carries
/// an If-Match on the record it was projected from (an empty merge, which changes nothing): a call that changed
/// meanwhile fails that condition and is read again, so an older state never replaces a newer one, and ingestion
/// that raced the backfill retries on the record's new ETag as it does for any concurrent delivery. Rows already
/// present are not rewritten, so a re-run writes nothing.
/// </summary>
public sealed class NumberIndexBackfill
{
    /// <summary>Entity group transactions hold at most 100 actions, all in one partition.</summary>
    private const int MaxActions = 100;
    private const int MaxAttempts = 10;
    private const int RecordsPerPage = 500;

    private readonly CallTables _tables;
    private readonly IWorkspaceTimeZoneSource _zones;

    /// <summary>Creates a backfill on the tables named by <paramref name="names"/>.</summary>
    /// <param name="service">The Table service.</param>
    /// <param name="names">Table names.</param>
    /// <param name="timeZones">Reporting time zone per workspace, for records stored without a pinned one.</param>
    public NumberIndexBackfill(TableServiceClient service, StorageNames names, IWorkspaceTimeZoneSource timeZones)
    {
        _tables = new CallTables(service.GetTableClient(names.CallsTable), service.GetTableClient(names.CallIdsTable), service.GetTableClient(names.DealCallsTable));
        _zones = timeZones;
    }

    /// <summary>
    /// Every date partition of <paramref name="workspaceId"/> (or of every workspace when null) from
    /// <paramref name="from"/> to <paramref name="to"/> (inclusive, either open), in key order. Found by reading
    /// one key per partition, never by scanning the calls.
    /// </summary>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public async IAsyncEnumerable<string> PartitionsAsync(string? workspaceId, DateOnly? from, DateOnly? to,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prefix = workspaceId is null ? null : CallTableKeys.WorkspacePartitionPrefix(workspaceId);
        var start = prefix is null ? null : from is { } f ? CallTableKeys.DatePartition(workspaceId!, f) : prefix;
        var end = prefix is null ? null : to is { } t ? CallTableKeys.DatePartition(workspaceId!, t.AddDays(1)) : CallTableKeys.PrefixEnd(prefix);
        var next = await NextPartitionAsync(start is null ? null : TableClient.CreateQueryFilter($"PartitionKey ge {start}"), end, cancellationToken).ConfigureAwait(false);
        while (next is { } pk)
        {
            if (DateOf(pk) is { } date && (from is null || date >= from) && (to is null || date <= to))
                yield return pk;
            next = await NextPartitionAsync(TableClient.CreateQueryFilter($"PartitionKey gt {pk}"), end, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the index rows the calls of one date partition lack.</summary>
    /// <exception cref="RequestFailedException">Storage failed, or a call kept changing through every attempt (503); a re-run is safe.</exception>
    public async Task<NumberIndexBackfillResult> BackfillAsync(string partitionKey, CancellationToken cancellationToken = default)
    {
        var present = await IndexRowKeysAsync(partitionKey, cancellationToken).ConfigureAwait(false);
        var fallback = await _zones.GetReportingTimeZoneAsync(WorkspaceOf(partitionKey), cancellationToken).ConfigureAwait(false);
        int calls = 0, missing = 0, written = 0, changed = 0;
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partitionKey} and RowKey ge {CallTableKeys.RecordPrefix} and RowKey lt {CallTableKeys.PrefixEnd(CallTableKeys.RecordPrefix)}");
        await foreach (var page in _tables.Calls.QueryAsync<TableEntity>(filter, RecordsPerPage, cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
        {
            var pending = new List<Pending>();
            foreach (var stored in page.Values.Select(e => new StoredCall(partitionKey, e)).Where(c => !c.IsForwarder))
            {
                calls++;
                if (MissingRows(stored, fallback, present) is { Count: > 0 } rows) pending.Add(new(stored, rows));
            }
            missing += pending.Count;
            foreach (var batch in Batches(pending))
            {
                if (await TrySubmitAsync(batch, cancellationToken).ConfigureAwait(false))
                {
                    written += batch.Sum(p => p.Rows.Count);
                    continue;
                }
                // One call of the batch changed; each is written on its own, from its current version.
                foreach (var call in batch)
                {
                    var (rows, wasChanged) = await BackfillOneAsync(call, fallback, present, cancellationToken).ConfigureAwait(false);
                    written += rows;
                    changed += wasChanged;
                }
            }
        }
        return new NumberIndexBackfillResult(partitionKey, calls, missing, written, changed);
    }

    private sealed record Pending(StoredCall Call, IReadOnlyList<StoredRow> Rows)
    {
        public int Actions => Rows.Count + 1;
    }

    private static List<StoredRow> MissingRows(StoredCall call, TimeZoneInfo fallback, HashSet<string> present) =>
        [.. CallProjection.Of(call.Record(), call.TimeZone(fallback), call.PartitionKey, call.MovedFrom).Rows
            .Where(r => IsIndexRow(r.RowKey) && !present.Contains(r.RowKey))];

    private static IEnumerable<List<Pending>> Batches(IEnumerable<Pending> pending)
    {
        var batch = new List<Pending>();
        foreach (var p in pending)
        {
            if (batch.Count > 0 && batch.Sum(b => b.Actions) + p.Actions > MaxActions)
            {
                yield return batch;
                batch = [];
            }
            batch.Add(p);
        }
        if (batch.Count > 0) yield return batch;
    }

    /// <returns>False when a call of the batch is no longer the version its rows were projected from.</returns>
    private async Task<bool> TrySubmitAsync(IReadOnlyList<Pending> batch, CancellationToken ct)
    {
        var actions = batch.SelectMany(p => p.Rows
                .Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, CallTables.ToEntity(r)))
                .Prepend(Unchanged(p.Call)))
            .ToList();
        try
        {
            await _tables.Calls.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    /// <returns>Rows written, and 1 when the call had changed since the page was read.</returns>
    private async Task<(int Rows, int Changed)> BackfillOneAsync(Pending pending, TimeZoneInfo fallback, HashSet<string> present, CancellationToken ct)
    {
        var callId = pending.Call.Record().CallId;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await _tables.GetCallAsync(pending.Call.PartitionKey, callId, ct).ConfigureAwait(false);
            var changed = current?.ETag == pending.Call.ETag ? 0 : 1;
            // Moved to another day: its new home holds its rows.
            if (current is null or { IsForwarder: true }) return (0, changed);
            var rows = MissingRows(current, fallback, present);
            if (rows.Count == 0) return (0, changed);
            if (await TrySubmitAsync([new Pending(current, rows)], ct).ConfigureAwait(false)) return (rows.Count, changed);
        }
        throw new RequestFailedException(503, $"Call {pending.Call.PartitionKey}/{callId} kept changing; run the backfill again.", "CallContention", null);
    }

    /// <summary>An empty merge with If-Match: the transaction fails unless the record is still the version read.</summary>
    private static TableTransactionAction Unchanged(StoredCall call) =>
        new(TableTransactionActionType.UpdateMerge, new TableEntity(call.PartitionKey, call.Entity.RowKey), call.ETag);

    private async Task<HashSet<string>> IndexRowKeysAsync(string partitionKey, CancellationToken ct)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var prefix in new[] { CallTableKeys.NumberPrefix, CallTableKeys.SuffixPrefix })
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {prefix} and RowKey lt {CallTableKeys.PrefixEnd(prefix)}");
            await foreach (var row in _tables.Calls.QueryAsync<TableEntity>(filter, 1000, ["RowKey"], ct).ConfigureAwait(false))
                keys.Add(row.RowKey);
        }
        return keys;
    }

    private static bool IsIndexRow(string rowKey) =>
        rowKey.StartsWith(CallTableKeys.NumberPrefix, StringComparison.Ordinal) || rowKey.StartsWith(CallTableKeys.SuffixPrefix, StringComparison.Ordinal);

    /// <summary>The first partition key past <paramref name="lowerBound"/> (a filter, or none) and below <paramref name="end"/>, reading one key.</summary>
    private async Task<string?> NextPartitionAsync(string? lowerBound, string? end, CancellationToken ct)
    {
        var upperBound = end is null ? null : TableClient.CreateQueryFilter($"PartitionKey lt {end}");
        var filter = string.Join(" and ", new[] { lowerBound, upperBound }.OfType<string>());
        // The service may answer a filtered query with an empty page and a continuation; the enumeration follows it.
        await foreach (var row in _tables.Calls.QueryAsync<TableEntity>(filter.Length == 0 ? null : filter, 1, ["PartitionKey"], ct).ConfigureAwait(false))
            return row.PartitionKey;
        return null;
    }

    private static string WorkspaceOf(string partitionKey) => partitionKey[..partitionKey.LastIndexOf('_')];

    private static DateOnly? DateOf(string partitionKey) =>
        partitionKey.Length > 9 && partitionKey[^9] == '_'
        && DateOnly.TryParseExact(partitionKey[^8..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date : null;
}
