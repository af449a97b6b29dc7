using System.Collections.Concurrent;

namespace Callaro.Core.Health;

/// <summary>
/// Rejected webhook deliveries counted in memory, per UTC hour, workspace, endpoint and reason, until a
/// background flush adds them to <see cref="WebhookRejectionCounter"/>. Counting a stranger's request
/// must cost no storage work: a flood of unsigned requests is a few in-memory increments, and storage
/// sees one write per bucket and flush.
/// </summary>
public sealed class WebhookRejectionTally
{
    private readonly ConcurrentDictionary<RejectionBucket, long> _counts = new();

    /// <summary>Counts one rejected delivery.</summary>
    /// <param name="endpoint">The webhook endpoint, e.g. <c>twilio</c>.</param>
    /// <param name="reason">Why, e.g. <c>bad-signature</c>.</param>
    /// <param name="at">When it was rejected.</param>
    /// <param name="workspaceId">The workspace when known and trusted; null for unattributed deliveries.</param>
    public void Add(string endpoint, string reason, DateTimeOffset at, string? workspaceId = null) =>
        Add(RejectionBucket.Of(endpoint, reason, at, workspaceId), 1);

    /// <summary>Adds <paramref name="count"/> to a bucket (e.g. counts a failed flush gives back).</summary>
    public void Add(RejectionBucket bucket, long count) => _counts.AddOrUpdate(bucket, count, (_, n) => n + count);

    /// <summary>True when nothing is waiting to be flushed.</summary>
    public bool IsEmpty => _counts.IsEmpty;

    /// <summary>Takes every pending count out of the tally; counts added meanwhile wait for the next flush.</summary>
    public IReadOnlyList<KeyValuePair<RejectionBucket, long>> Drain()
    {
        var drained = new List<KeyValuePair<RejectionBucket, long>>();
        foreach (var bucket in _counts.Keys)
        {
            if (_counts.TryRemove(bucket, out var count))
            {
                drained.Add(new(bucket, count));
            }
        }

        return drained;
    }
}

/// <summary>One counter row: a UTC hour, a workspace (or <see cref="WebhookRejectionCounter.UnknownWorkspace"/>), an endpoint, a reason.</summary>
public readonly record struct RejectionBucket(DateTimeOffset Hour, string Workspace, string Endpoint, string Reason)
{
    /// <summary>The bucket a rejection at <paramref name="at"/> falls in.</summary>
    public static RejectionBucket Of(string endpoint, string reason, DateTimeOffset at, string? workspaceId)
    {
        var utc = at.ToUniversalTime();
        var hour = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
        return new RejectionBucket(hour, workspaceId ?? WebhookRejectionCounter.UnknownWorkspace, endpoint, reason);
    }
}
