using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace Callaro.Core.Health;

/// <summary>
/// Stores rejected webhook deliveries' counts (bad signature, validation, ...) without keeping any body:
/// one counter row per UTC day (partition), hour, workspace, endpoint and reason, incremented with an
/// ETag-checked merge by the background flush of a <see cref="WebhookRejectionTally"/>. Hours let each
/// workspace's report cut its own local day.
/// </summary>
public class WebhookRejectionCounter
{
    /// <summary>The workspace part of a counter whose delivery named no (trustworthy) workspace.</summary>
    public const string UnknownWorkspace = "_";
    // Each instance flushes a row at most once per interval, so contention is rare.
    private const int MaxAttempts = 5;
    private readonly TableClient _table;

    /// <summary>For mocking.</summary>
    protected WebhookRejectionCounter() => _table = null!;

    /// <summary>Creates the counter.</summary>
    public WebhookRejectionCounter(TableServiceClient tables, StorageNames names) =>
        _table = tables.GetTableClient(names.WebhookRejectionsTable);

    /// <summary>Adds a flushed count to its counter row (one read and one conditional write).</summary>
    /// <param name="bucket">The hour, workspace, endpoint and reason.</param>
    /// <param name="count">How many rejections to add.</param>
    /// <param name="cancellationToken">Cancels the increment.</param>
    /// <exception cref="RequestFailedException">Storage failed or contention outlasted the retries.</exception>
    public virtual async Task AddAsync(RejectionBucket bucket, long count, CancellationToken cancellationToken = default)
    {
        var partition = bucket.Hour.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var row = string.Join('|', bucket.Hour.UtcDateTime.ToString("HH", CultureInfo.InvariantCulture), Key(bucket.Workspace), Key(bucket.Endpoint), Key(bucket.Reason));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await IncrementAsync(partition, row, bucket, count, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another instance flushed the same row in between: read again and retry after a jittered pause.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20) * attempt), cancellationToken);
            }
        }
    }

    private async Task IncrementAsync(string partition, string row, RejectionBucket bucket, long count, CancellationToken cancellationToken)
    {
        var existing = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
        if (!existing.HasValue)
        {
            var entity = new TableEntity(partition, row)
            {
                ["Workspace"] = bucket.Workspace, ["Endpoint"] = bucket.Endpoint, ["Reason"] = bucket.Reason, ["Count"] = count,
            };
            await _table.AddEntityAsync(entity, cancellationToken);
            return;
        }

        var update = new TableEntity(partition, row) { ["Count"] = (existing.Value!.GetInt64("Count") ?? 0) + count };
        await _table.UpdateEntityAsync(update, existing.Value.ETag, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>
    /// Rejections in the UTC hours that start within [<paramref name="from"/>, <paramref name="to"/>) for the
    /// workspace, including unattributed ones.
    /// </summary>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual async Task<IReadOnlyList<RejectionCount>> ReadAsync(string workspaceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var counts = new List<RejectionCount>();
        for (var day = from.UtcDateTime.Date; day < to.UtcDateTime; day = day.AddDays(1))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}");
            await foreach (var entity in _table.QueryAsync<TableEntity>(filter, select: ["RowKey", "Workspace", "Endpoint", "Reason", "Count"], cancellationToken: cancellationToken))
            {
                var hour = new DateTimeOffset(day.AddHours(int.Parse(entity.RowKey.AsSpan(0, 2), CultureInfo.InvariantCulture)), TimeSpan.Zero);
                var workspace = entity.GetString("Workspace");
                if (hour >= from && hour < to && (workspace == workspaceId || workspace == UnknownWorkspace))
                {
                    counts.Add(new RejectionCount(entity.GetString("Endpoint") ?? "", entity.GetString("Reason") ?? "", entity.GetInt64("Count") ?? 0));
                }
            }
        }
        return counts;
    }

    // Row keys forbid / \ # ? and control characters; counters only need a stable, readable key.
    private static string Key(string value)
    {
        var key = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            key.Append(c is '/' or '\\' or '#' or '?' or '|' || char.IsControl(c) ? '_' : c);
        }
        return key.ToString();
    }
}
