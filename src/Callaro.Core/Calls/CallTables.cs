using Azure;
using Azure.Data.Tables;

namespace Callaro.Core.Calls;

/// <summary>The call record entity as read: either a call (with its state) or a forwarder to where the call went.</summary>
internal sealed record StoredCall(string PartitionKey, TableEntity Entity)
{
    public bool IsForwarder => Entity.GetString("Kind") == CallProjection.KindMoved;
    public string? MovedTo => Entity.GetString("MovedTo");
    public ETag ETag => Entity.ETag;

    /// <summary>A partition still holding this call's old rows; empty string is the cleared value (merge cannot remove a property).</summary>
    public string? MovedFrom => Entity.GetString("MovedFrom") is { Length: > 0 } p ? p : null;

    public CallRecord Record() => CallProjection.ReadRecord(key => Entity.TryGetValue(key, out var v) ? v : null);

    /// <summary>The time zone pinned when the call was first stored, so later setting changes do not move old calls.</summary>
    public TimeZoneInfo TimeZone(TimeZoneInfo fallback) =>
        Entity.GetString("TimeZone") is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : fallback;
}

/// <summary>Where a call lives, or where it would be created.</summary>
/// <param name="PartitionKey">The date partition holding the call record (or, if absent, the end of the forwarder chain / index hint).</param>
/// <param name="Call">The record entity, when found.</param>
/// <param name="IndexExists">Whether the call-id index entry exists.</param>
internal sealed record Located(string PartitionKey, StoredCall? Call, bool IndexExists);

/// <summary>
/// Point reads and writes of the call tables. Every lookup is by PartitionKey + RowKey: a call is never
/// searched for. See docs/table-design.md.
/// </summary>
internal sealed class CallTables(TableClient calls, TableClient callIds, TableClient dealCalls)
{
    private const int MaxHops = 16;

    public TableClient Calls => calls;

    public async Task<StoredCall?> GetCallAsync(string pk, string callId, CancellationToken ct)
    {
        var r = await calls.GetEntityIfExistsAsync<TableEntity>(pk, CallTableKeys.RecordRowKey(callId), cancellationToken: ct).ConfigureAwait(false);
        return r.HasValue ? new StoredCall(pk, r.Value!) : null;
    }

    /// <summary>Finds a call starting from a guessed partition, following forwarders, and consulting the call-id index on a miss.</summary>
    /// <exception cref="RequestFailedException">Storage failed, or forwarders form a loop (500).</exception>
    /// <param name="workspaceId">The workspace.</param>
    /// <param name="callId">The call.</param>
    /// <param name="guess">Where to look first.</param>
    /// <param name="claimOnMiss">
    /// On a miss, try to claim the id for <paramref name="guess"/> instead of reading the index: for a new
    /// call the claim is needed anyway, so this saves a transaction; if it fails, the index is read.
    /// </param>
    /// <param name="ct">Cancellation.</param>
    public async Task<Located> LocateAsync(string workspaceId, string callId, string guess, bool claimOnMiss, CancellationToken ct)
    {
        var pk = guess;
        var indexRead = false;
        var indexExists = false;
        for (var hop = 0; hop < MaxHops; hop++)
        {
            var stored = await GetCallAsync(pk, callId, ct).ConfigureAwait(false);
            if (stored is { IsForwarder: false }) return new(pk, stored, true);
            if (stored is { MovedTo: { } next }) { pk = next; continue; }
            if (!indexRead)
            {
                indexRead = true;
                if (claimOnMiss && pk == guess && await TryAddIndexAsync(workspaceId, callId, pk, ct).ConfigureAwait(false))
                    return new(pk, null, IndexExists: true);
                var index = await GetIndexAsync(workspaceId, callId, ct).ConfigureAwait(false);
                indexExists = index is not null;
                if (index is not null && index != pk) { pk = index; continue; }
            }
            return new(pk, null, indexExists);
        }
        throw new RequestFailedException(500, $"Call {workspaceId}/{callId} could not be located: its forwarders form a loop.", "CallForwarderLoop", null);
    }

    /// <summary>The partition the call-id index names, or null.</summary>
    public async Task<string?> GetIndexAsync(string workspaceId, string callId, CancellationToken ct)
    {
        var r = await callIds.GetEntityIfExistsAsync<TableEntity>(callId, workspaceId, cancellationToken: ct).ConfigureAwait(false);
        return r.HasValue ? r.Value!.GetString("CallPartition") : null;
    }

    /// <summary>Claims a call id for a partition; false when the id is already indexed.</summary>
    public async Task<bool> TryAddIndexAsync(string workspaceId, string callId, string pk, CancellationToken ct)
    {
        try
        {
            await callIds.AddEntityAsync(IndexEntity(workspaceId, callId, pk), ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public Task SetIndexAsync(string workspaceId, string callId, string pk, CancellationToken ct) =>
        callIds.UpsertEntityAsync(IndexEntity(workspaceId, callId, pk), TableUpdateMode.Replace, ct);

    private static TableEntity IndexEntity(string workspaceId, string callId, string pk) =>
        new(callId, workspaceId) { ["CallPartition"] = pk };

    /// <summary>
    /// Writes a record and its rows into <paramref name="pk"/> in one entity group transaction: Add when the
    /// slot is empty, Replace with If-Match over a forwarder or an earlier version (whose stale rows are
    /// deleted in the same transaction). Rows that did not change are not rewritten.
    /// </summary>
    /// <exception cref="RequestFailedException">409/412 when someone else wrote first (retry), or a storage failure.</exception>
    public async Task PlaceAsync(string pk, CallRecord record, TimeZoneInfo tz, StoredCall? existing, string? movedFrom, TimeZoneInfo fallback, CancellationToken ct)
    {
        var next = CallProjection.Of(record, tz, pk, movedFrom);
        var before = existing is { IsForwarder: false } ? CallProjection.Of(existing.Record(), existing.TimeZone(fallback), pk, existing.MovedFrom) : null;
        var oldRows = before?.Rows.ToDictionary(r => r.RowKey, StringComparer.Ordinal) ?? [];

        await UpsertDealRowAsync(before?.DealRow, next.DealRow, ct).ConfigureAwait(false);

        var actions = new List<TableTransactionAction>
        {
            existing is null
                ? new(TableTransactionActionType.Add, ToEntity(next.Record))
                : new(TableTransactionActionType.UpdateReplace, ToEntity(next.Record), existing.ETag),
        };
        foreach (var row in next.Rows)
            if (!oldRows.TryGetValue(row.RowKey, out var old) || old.Canonical() != row.Canonical())
                actions.Add(new(TableTransactionActionType.UpsertReplace, ToEntity(row)));
        var keep = next.Rows.Select(r => r.RowKey).ToHashSet(StringComparer.Ordinal);
        foreach (var old in oldRows.Values.Where(r => !keep.Contains(r.RowKey)))
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(pk, old.RowKey)));

        await SubmitRetiringAsync(actions, ct).ConfigureAwait(false);
        await DeleteStaleDealRowAsync(before?.DealRow, next.DealRow, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Leaves a forwarder where the call was and deletes its rows there, in one transaction conditional on
    /// the version that was merged into the new home.
    /// </summary>
    /// <param name="old">The version to retire (If-Match).</param>
    /// <param name="movedTo">The call's new home.</param>
    /// <param name="current">The record now in the new home (its deal row is kept; the old one is deleted).</param>
    /// <param name="currentTz">The new home's pinned time zone.</param>
    /// <param name="fallback">Zone for records without a pinned one.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task RetireAsync(StoredCall old, string movedTo, CallRecord current, TimeZoneInfo currentTz, TimeZoneInfo fallback, CancellationToken ct)
    {
        var record = old.Record();
        var oldProjection = CallProjection.Of(record, old.TimeZone(fallback), old.PartitionKey, old.MovedFrom);
        var rows = oldProjection.Rows;
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, ToEntity(CallProjection.Forwarder(old.PartitionKey, record.WorkspaceId, record.CallId, movedTo)), old.ETag),
        };
        actions.AddRange(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(r.PartitionKey, r.RowKey))));
        await SubmitRetiringAsync(actions, ct).ConfigureAwait(false);
        await DeleteStaleDealRowAsync(oldProjection.DealRow, CallProjection.Of(current, currentTz, movedTo, null).DealRow, ct).ConfigureAwait(false);
    }

    /// <summary>Marks a finished move (merge keeps the state; "" is the cleared value).</summary>
    public Task ClearMovedFromAsync(StoredCall call, CancellationToken ct) =>
        calls.UpdateEntityAsync(new TableEntity(call.PartitionKey, call.Entity.RowKey) { ["MovedFrom"] = "" }, call.ETag, TableUpdateMode.Merge, ct);

    /// <summary>
    /// Submits a record's transaction whose deletes retire its old rows. A call stored by an earlier version of the
    /// app lacks index rows that version did not write (the number-suffix rows), and one delete of a missing row
    /// fails the whole transaction with 404, which would read as contention on every later event. So on that 404
    /// the deletes are checked with point reads and the transaction is sent again without the rows that are not
    /// there. The record's own action keeps its If-Match, so a concurrent change still fails as contention.
    /// </summary>
    private async Task SubmitRetiringAsync(List<TableTransactionAction> actions, CancellationToken ct)
    {
        try
        {
            await calls.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException e) when (e.Status == 404 && e.FailedTransactionActionIndex is { } index
            && index < actions.Count && actions[index].ActionType == TableTransactionActionType.Delete)
        {
            var present = await Task.WhenAll(actions.Select(a => a.ActionType != TableTransactionActionType.Delete
                ? Task.FromResult(true)
                : ExistsAsync(a.Entity.PartitionKey, a.Entity.RowKey, ct))).ConfigureAwait(false);
            await calls.SubmitTransactionAsync(actions.Where((_, i) => present[i]), ct).ConfigureAwait(false);
        }
    }

    private async Task<bool> ExistsAsync(string partitionKey, string rowKey, CancellationToken ct) =>
        (await calls.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, ["RowKey"], ct).ConfigureAwait(false)).HasValue;

    // Deal rows live in another table, so they cannot join the record's transaction. They are written
    // before it (a crash then leaves only an extra hint, never a missing one) and readers verify each hint
    // against the call record, so a stale one is harmless; it is deleted after the record is written.
    private async Task UpsertDealRowAsync(StoredRow? before, StoredRow? after, CancellationToken ct)
    {
        if (after is not null && (before is null || before.Canonical() != after.Canonical()))
            await dealCalls.UpsertEntityAsync(ToEntity(after), TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }

    private async Task DeleteStaleDealRowAsync(StoredRow? before, StoredRow? after, CancellationToken ct)
    {
        if (before is not null && (after is null || after.RowKey != before.RowKey))
            await dealCalls.DeleteEntityAsync(before.PartitionKey, before.RowKey, cancellationToken: ct).ConfigureAwait(false);
    }

    public static TableEntity ToEntity(StoredRow row)
    {
        var entity = new TableEntity(row.PartitionKey, row.RowKey);
        foreach (var (key, value) in row.Properties) entity[key] = value;
        return entity;
    }
}
