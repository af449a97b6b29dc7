using Callaro.Core.CallLog;
using Callaro.Core.Calls;

namespace Callaro.Core.Tests.CallLog;

/// <summary>
/// The log layout in memory, behaving like the Table service for range queries: ordinal row-key order,
/// server-side filters, <c>$top</c>, and a scan limit after which it stops and hands back a resume key.
/// </summary>
internal sealed class InMemoryCallLog : ICallLogRowSource
{
    private const int ScanLimit = 1000;
    private readonly Dictionary<string, SortedList<string, CallLogItem>> _partitions = [];

    public int EntitiesReturned { get; private set; }
    public int Requests { get; private set; }
    public string Workspace { get; }
    public TimeZoneInfo Zone { get; }

    public InMemoryCallLog(string workspace = "acme", TimeZoneInfo? zone = null)
    {
        Workspace = workspace;
        Zone = zone ?? TimeZoneInfo.Utc;
    }

    public void ResetCounters() { EntitiesReturned = 0; Requests = 0; }

    public CallLogItem Add(DateTimeOffset startedAt, CallStatus status = CallStatus.Completed, CallDirection direction = CallDirection.Incoming,
        string caller = "+15550001", string callee = "+15550002", string? callId = null, string? dealId = null)
    {
        var item = new CallLogItem
        {
            CallId = callId ?? $"call-{startedAt.UtcTicks:x}-{Guid.NewGuid():N}"[..40],
            Direction = direction, Caller = caller, Callee = callee, Status = status,
            DurationSeconds = status is CallStatus.Completed ? 61 : 0, StartedAt = startedAt, DealId = dealId,
        };
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(startedAt, Zone).DateTime);
        var partition = Partition(CallLogLayout.PartitionKey(Workspace, day));
        partition[CallLogLayout.RowKey(CallLogLayout.LogPrefix, startedAt, item.CallId)] = item;
        if (item.Alert)
            partition[CallLogLayout.RowKey(CallLogLayout.AlertPrefix, startedAt, item.CallId)] = item;
        foreach (var prefix in new[] { caller, callee }.SelectMany(CallLogLayout.IndexRowPrefixes).Distinct())
            partition[CallLogLayout.RowKey(prefix, startedAt, item.CallId)] = item;
        return item;
    }

    public Task<CallLogRowBatch> ReadAsync(string partitionKey, string lower, bool lowerInclusive, string upperExclusive, CallLogRowFilter filter, int top, string? continuation = null, CancellationToken cancellationToken = default)
    {
        Requests++;
        var rows = new List<(string, CallLogItem)>();
        if (!_partitions.TryGetValue(partitionKey, out var partition))
            return Task.FromResult(new CallLogRowBatch(rows, null));
        var scanned = 0;
        // Like the service's token, opaque to the reader: here, where the scan stopped.
        var resumeAt = continuation is null ? null : continuation["resume:".Length..];
        foreach (var (key, item) in partition)
        {
            var c = string.CompareOrdinal(key, lower);
            if (c < 0 || (c == 0 && !lowerInclusive)) continue;
            if (resumeAt is not null && string.CompareOrdinal(key, resumeAt) < 0) continue;
            if (string.CompareOrdinal(key, upperExclusive) >= 0) break;
            if (scanned++ == ScanLimit)
                return Task.FromResult(Returned(new CallLogRowBatch(rows, "resume:" + key)));
            if (!filter.Matches(item)) continue;
            rows.Add((key, item));
            if (rows.Count == top) break;
        }
        return Task.FromResult(Returned(new CallLogRowBatch(rows, null)));
    }

    private CallLogRowBatch Returned(CallLogRowBatch batch)
    {
        EntitiesReturned += batch.Rows.Count;
        return batch;
    }

    private SortedList<string, CallLogItem> Partition(string key)
    {
        if (!_partitions.TryGetValue(key, out var p))
            _partitions[key] = p = new SortedList<string, CallLogItem>(StringComparer.Ordinal);
        return p;
    }
}
