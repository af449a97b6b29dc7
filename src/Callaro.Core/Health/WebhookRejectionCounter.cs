using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace Callaro.Core.Health;

/// <summary>
/// Counts rejected webhook deliveries (bad signature, validation, throttled) without keeping any body:
/// one counter row per UTC day (partition), hour, workspace, endpoint and reason, incremented with an
/// ETag-checked merge. Hours let each workspace's report cut its own local day.
/// </summary>
public class WebhookRejectionCounter
{
    /// <summary>The workspace part of a counter whose delivery named no (trustworthy) workspace.</summary>
    public const string UnknownWorkspace = "_";
    private const int MaxAttempts = 30;
    private readonly TableClient _table;

    /// <summary>For mocking.</summary>
    protected WebhookRejectionCounter() => _table = null!;

    /// <summary>Creates the counter.</summary>
    public WebhookRejectionCounter(TableServiceClient tables, StorageNames names) =>
        _table = tables.GetTableClient(names.WebhookRejectionsTable);

    /// <summary>Counts one rejected delivery.</summary>
    /// <param name="endpoint">The webhook endpoint, e.g. <c>twilio</c>.</param>
    /// <param name="reason">Why, e.g. <c>bad-signature</c>, <c>validation</c>.</param>
    /// <param name="at">When it was rejected.</param>
    /// <param name="workspaceId">The workspace when known and trusted; null for unattributed deliveries (shown in every workspace's report).</param>
    /// <param name="cancellationToken">Cancels the increment.</param>
    /// <exception cref="RequestFailedException">Storage failed or contention outlasted the retries.</exception>
    public virtual async Task RecordAsync(string endpoint, string reason, DateTimeOffset at, string? workspaceId = null, CancellationToken cancellationToken = default)
    {
        var now = at.ToUniversalTime();
        var partition = now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var row = string.Join('|', now.UtcDateTime.ToString("HH", CultureInfo.InvariantCulture), Key(workspaceId ?? UnknownWorkspace), Key(endpoint), Key(reason));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var existing = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
                if (!existing.HasValue)
                {
                    var entity = new TableEntity(partition, row)
                    {
                        ["Workspace"] = workspaceId ?? UnknownWorkspace, ["Endpoint"] = endpoint, ["Reason"] = reason, ["Count"] = 1L,
                    };
                    await _table.AddEntityAsync(entity, cancellationToken);
                }
                else
                {
                    var update = new TableEntity(partition, row) { ["Count"] = (existing.Value!.GetInt64("Count") ?? 0) + 1 };
                    await _table.UpdateEntityAsync(update, existing.Value.ETag, TableUpdateMode.Merge, cancellationToken);
                }
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another instance counted the same row in between: read again and retry, after a jittered
                // pause so a burst of rejections (a wrong secret rejects every delivery) spreads out.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20) * Math.Min(attempt, 10)), cancellationToken);
            }
        }
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
