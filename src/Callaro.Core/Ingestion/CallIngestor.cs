using Azure;
using Callaro.Core.Calls;
using Callaro.Core.Workspaces;
using Azure.Data.Tables;

namespace Callaro.Core.Ingestion;

/// <summary>
/// Stores call events exactly once and folds them into the call's record, log row and alert row.
/// <para>
/// Common path (docs/table-design.md): a call's first event (a ringing event) claims the call id in the
/// index and creates the record with its rows in one transaction (2 transactions); every later event
/// reads the record from the partition its own time points to and writes record and rows back in one
/// entity group transaction with If-Match (2 transactions); a duplicate costs the read only. Conflicting
/// writers retry with jitter. A late event that moves the call's start to another day writes the new
/// home first, then retires the old one to a forwarder; an interrupted move is finished by whoever
/// touches the call next.
/// </para>
/// </summary>
public class CallIngestor
{
    /// <summary>How often one call's write is retried when other deliveries of the same call win the race.</summary>
    public const int MaxAttempts = 40;

    private const int Parallelism = 8;
    private readonly CallTables _tables;
    private readonly IWorkspaceTimeZoneSource _zones;
    private readonly TimeProvider _clock;

    /// <summary>For mocking.</summary>
    protected CallIngestor()
    {
        _tables = null!;
        _zones = null!;
        _clock = TimeProvider.System;
    }

    /// <summary>Creates an ingestor on the tables named by <paramref name="names"/>.</summary>
    /// <param name="service">The Table service.</param>
    /// <param name="names">Table names (<see cref="StorageNames.CallsTable"/>, <see cref="StorageNames.CallIdsTable"/>, <see cref="StorageNames.DealCallsTable"/>).</param>
    /// <param name="timeZones">Reporting time zone per workspace, e.g. <see cref="WorkspaceSettingsStore"/> (cached).</param>
    /// <param name="timeProvider">Clock for receivedAt and for judging future timestamps.</param>
    public CallIngestor(TableServiceClient service, StorageNames names, IWorkspaceTimeZoneSource timeZones, TimeProvider? timeProvider = null)
        : this(service.GetTableClient(names.CallsTable), service.GetTableClient(names.CallIdsTable), service.GetTableClient(names.DealCallsTable), timeZones, timeProvider) { }

    /// <summary>Creates an ingestor on explicit table clients.</summary>
    public CallIngestor(TableClient calls, TableClient callIds, TableClient dealCalls, IWorkspaceTimeZoneSource timeZones, TimeProvider? timeProvider = null)
    {
        _tables = new CallTables(calls, callIds, dealCalls);
        _zones = timeZones;
        _clock = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Stores a batch of events. Returns once every event is durably stored. Events without a receivedAt
    /// get the current time. Events of different calls are written independently (in parallel).
    /// </summary>
    /// <exception cref="ArgumentException">An event fails <see cref="CallEventValidator"/>; nothing was written. The message names <c>events[i].field</c>.</exception>
    /// <exception cref="CallRecordLimitException">A call's record cannot keep its new events (<see cref="CallRecordLimits"/>); nothing of that call was written, other calls of the batch may have been.</exception>
    /// <exception cref="RequestFailedException">Storage failed (or the call stayed contended after <see cref="MaxAttempts"/>: status 503); some events may be stored, and a retry is safe.</exception>
    public virtual async Task<IngestResult> IngestAsync(IReadOnlyList<CallEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ThrowIfInvalid(events);
        if (events.Count == 0) return new IngestResult(0, 0);

        var now = _clock.GetUtcNow();
        var calls = events
            .Select(e => e.ReceivedAt == default ? e with { ReceivedAt = now } : e)
            .GroupBy(e => (e.WorkspaceId, e.CallId))
            .Select(g => (Workspace: g.Key.WorkspaceId, Call: g.Key.CallId, Events: (IReadOnlyList<CallEvent>)[.. g]))
            .ToList();

        if (calls.Count == 1)
        {
            var (a, d) = await IngestCallAsync(calls[0].Workspace, calls[0].Call, calls[0].Events, cancellationToken).ConfigureAwait(false);
            return new IngestResult(a, d);
        }

        int accepted = 0, duplicates = 0;
        await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (c, ct) =>
        {
            var (a, d) = await IngestCallAsync(c.Workspace, c.Call, c.Events, ct).ConfigureAwait(false);
            Interlocked.Add(ref accepted, a);
            Interlocked.Add(ref duplicates, d);
        }).ConfigureAwait(false);
        return new IngestResult(accepted, duplicates);
    }

    private void ThrowIfInvalid(IReadOnlyList<CallEvent> events)
    {
        var problems = new List<string>();
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is null) { problems.Add($"events[{i}]: the event is missing."); continue; }
            foreach (var (field, messages) in CallEventValidator.Validate(events[i], _clock))
                problems.AddRange(messages.Select(m => $"events[{i}].{field}: {m}"));
        }
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems), nameof(events));
    }

    /// <summary>Counts decided by the write that first stored the events (a later repair step sees them as duplicates).</summary>
    private sealed class Progress
    {
        public (int Accepted, int Duplicates)? Counts { get; private set; }
        public void Stored(int accepted, int duplicates) => Counts ??= (accepted, duplicates);
    }

    private async Task<(int Accepted, int Duplicates)> IngestCallAsync(string workspaceId, string callId, IReadOnlyList<CallEvent> events, CancellationToken ct)
    {
        var zone = await _zones.GetReportingTimeZoneAsync(workspaceId, ct).ConfigureAwait(false);
        // Where these events alone would put the call: the right partition for nearly every event.
        var guess = CallProjection.PartitionOf(CallRecord.Fold(events), zone);
        // Calls nearly always begin with a ringing event: claiming the id first makes a new call cost 2 transactions.
        var claimFirst = events.Any(e => e.Type == CallEventType.Ringing);
        var progress = new Progress();
        RequestFailedException? lastConflict = null;

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            try
            {
                if (await TryIngestAsync(workspaceId, callId, events, zone, guess, claimFirst && attempt == 1, progress, ct).ConfigureAwait(false))
                    return progress.Counts!.Value;
                // A repair step was made (a move finished); go again at once.
            }
            catch (RequestFailedException ex) when (IsContention(ex))
            {
                lastConflict = ex;
                await Task.Delay(Backoff(attempt), _clock, ct).ConfigureAwait(false);
            }
        }
        throw new RequestFailedException(503, $"Call {workspaceId}/{callId} is being updated by many deliveries at once; retry the delivery.", "CallContention", lastConflict);
    }

    /// <returns>True when the events are stored; false when a repair step was made and the caller should go again.</returns>
    private async Task<bool> TryIngestAsync(string workspaceId, string callId, IReadOnlyList<CallEvent> events, TimeZoneInfo zone, string guess, bool claimFirst, Progress progress, CancellationToken ct)
    {
        var located = claimFirst && await _tables.TryAddIndexAsync(workspaceId, callId, guess, ct).ConfigureAwait(false)
            ? new Located(guess, null, IndexExists: true)
            : await _tables.LocateAsync(workspaceId, callId, guess, claimOnMiss: true, ct).ConfigureAwait(false);

        if (located.Call is null)
        {
            await CreateAsync(workspaceId, callId, events, zone, located, progress, ct).ConfigureAwait(false);
            return true;
        }

        var home = located.Call;
        if (home.MovedFrom is not null)
        {
            await FinishMoveAsync(home, zone, ct).ConfigureAwait(false);
            return false;
        }

        var tz = home.TimeZone(zone);
        var current = home.Record();
        var (next, accepted, duplicates) = Apply(current, events);
        var target = CallProjection.PartitionOf(next, tz);

        if (target == home.PartitionKey)
        {
            if (!Same(current, next, tz))
                await _tables.PlaceAsync(home.PartitionKey, next, tz, home, movedFrom: null, zone, ct).ConfigureAwait(false);
            progress.Stored(accepted, duplicates);
            return true;
        }

        // The start moved to another day. New home first (never lose the call), then retire the old one.
        var slot = await _tables.GetCallAsync(target, callId, ct).ConfigureAwait(false);
        if (slot is { IsForwarder: false, MovedFrom: not null } && slot.MovedFrom != home.PartitionKey)
        {
            await FinishMoveAsync(slot, zone, ct).ConfigureAwait(false);
            return false;
        }
        if (slot is { IsForwarder: false }) next = next.Merge(slot.Record()); // left by an interrupted move
        await _tables.PlaceAsync(target, next, tz, slot, movedFrom: home.PartitionKey, zone, ct).ConfigureAwait(false);
        progress.Stored(accepted, duplicates);
        await _tables.SetIndexAsync(workspaceId, callId, target, ct).ConfigureAwait(false);
        var placed = await _tables.GetCallAsync(target, callId, ct).ConfigureAwait(false);
        if (placed is { IsForwarder: false, MovedFrom: not null })
            await FinishMoveAsync(placed, zone, ct).ConfigureAwait(false);
        return true;
    }

    private async Task CreateAsync(string workspaceId, string callId, IReadOnlyList<CallEvent> events, TimeZoneInfo zone, Located located, Progress progress, CancellationToken ct)
    {
        var (created, accepted, duplicates) = Apply(CallRecord.Empty(workspaceId, callId), events);
        var target = CallProjection.PartitionOf(created, zone);
        var pk = located.PartitionKey;

        if (!located.IndexExists && !await _tables.TryAddIndexAsync(workspaceId, callId, pk, ct).ConfigureAwait(false))
            throw Contention(workspaceId, callId, "another delivery created the call");

        StoredCall? slot = null;
        if (target != pk)
        {
            // The index names another day, with no record there (a creator crashed, or one is racing us across
            // midnight). Claim that slot with a forwarder so nobody can create the call there too, then create it
            // where it belongs.
            await _tables.Calls.AddEntityAsync(CallTables.ToEntity(CallProjection.Forwarder(pk, workspaceId, callId, target)), ct).ConfigureAwait(false);
            await _tables.SetIndexAsync(workspaceId, callId, target, ct).ConfigureAwait(false);
            slot = await _tables.GetCallAsync(target, callId, ct).ConfigureAwait(false);
            if (slot is { IsForwarder: false }) throw Contention(workspaceId, callId, "the call exists on its start day already");
        }
        await _tables.PlaceAsync(target, created, zone, slot, movedFrom: null, zone, ct).ConfigureAwait(false);
        progress.Stored(accepted, duplicates);
    }

    /// <summary>
    /// Completes a move recorded on <paramref name="home"/>: whatever reached the old home meanwhile is merged
    /// in, the old home becomes a forwarder without rows, and the pending mark is cleared.
    /// </summary>
    private async Task FinishMoveAsync(StoredCall home, TimeZoneInfo zone, CancellationToken ct)
    {
        var record = home.Record();
        var tz = home.TimeZone(zone);
        var from = home.MovedFrom!;
        var old = await _tables.GetCallAsync(from, record.CallId, ct).ConfigureAwait(false);
        if (old is { IsForwarder: false })
        {
            var merged = record.Merge(old.Record());
            if (!Same(record, merged, tz))
            {
                await _tables.PlaceAsync(home.PartitionKey, merged, tz, home, movedFrom: from, zone, ct).ConfigureAwait(false);
                home = await _tables.GetCallAsync(home.PartitionKey, record.CallId, ct).ConfigureAwait(false)
                    ?? throw Contention(record.WorkspaceId, record.CallId, "the new home vanished");
            }
            await _tables.RetireAsync(old, home.PartitionKey, merged, tz, zone, ct).ConfigureAwait(false);
        }
        await _tables.ClearMovedFromAsync(home, ct).ConfigureAwait(false);
    }

    /// <exception cref="CallRecordLimitException">The record cannot keep the events (<see cref="CallRecordLimits"/>).</exception>
    private static (CallRecord Record, int Accepted, int Duplicates) Apply(CallRecord before, IReadOnlyList<CallEvent> events)
    {
        int accepted = 0, duplicates = 0;
        var record = before;
        foreach (var e in events)
        {
            if (record.HasApplied(e.EventId)) duplicates++;
            else accepted++;
            record = record.Apply(e);
        }
        CallRecordLimits.ThrowIfUnkeepable(before, record, events);
        return (record, accepted, duplicates);
    }

    private static bool Same(CallRecord a, CallRecord b, TimeZoneInfo tz) =>
        CallProjection.Of(a, tz).Record.Canonical() == CallProjection.Of(b, tz).Record.Canonical();

    private static bool IsContention(RequestFailedException ex) =>
        ex.Status is 409 or 412 || (ex.Status == 404 && ex.ErrorCode is not "TableNotFound");

    private static RequestFailedException Contention(string workspaceId, string callId, string why) =>
        new(409, $"Call {workspaceId}/{callId}: {why}; retrying.", "CallContention", null);

    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 + Math.Min(attempt, 10) * 15));
}

/// <summary>How many events were new and how many had been stored before.</summary>
public sealed record IngestResult(int Accepted, int Duplicates);
