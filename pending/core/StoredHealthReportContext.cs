using Callaro.Core.Attachments;
using Callaro.Core.Settings;
using Callaro.Core.Workspaces;
using Callaro.Storage.Tables;

namespace Callaro.Core.Health;

/// <summary>
/// The report's context from storage: workspaces (those with stored settings, plus <c>default</c>), their
/// time zones, campaign settings and attachments still waiting for a call that never came.
/// </summary>
public sealed class StoredHealthReportContext(
    TableServiceClient tables, StorageNames names, WorkspaceSettingsStore workspaces, CampaignSettingsStore campaigns, AttachmentStore attachments)
    : IHealthReportContextSource
{
    /// <summary>The workspace every deployment has, configured or not.</summary>
    public const string DefaultWorkspace = "default";

    /// <inheritdoc />
    public async Task<IReadOnlyList<HealthWorkspace>> ListWorkspacesAsync(CancellationToken cancellationToken = default)
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal) { DefaultWorkspace };
        var filter = TableClient.CreateQueryFilter($"RowKey eq {"settings"}");
        await foreach (var row in tables.GetTableClient(names.WorkspacesTable).QueryAsync(filter, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            ids.Add(row.PartitionKey);
        }
        var list = new List<HealthWorkspace>(ids.Count);
        foreach (var id in ids)
        {
            list.Add(await GetWorkspaceAsync(id, cancellationToken));
        }
        return list;
    }

    /// <inheritdoc />
    public async Task<HealthWorkspace> GetWorkspaceAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        new(workspaceId, await workspaces.GetReportingTimeZoneAsync(workspaceId, cancellationToken));

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, CampaignHealthSettings>> GetCampaignSettingsAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        (await campaigns.ListAsync(workspaceId, cancellationToken)).ToDictionary(c => c.Key, c => c.Value.ToHealthSettings(), StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<IReadOnlyList<OrphanAttachment>> GetOrphansAsync(string workspaceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var orphans = new List<OrphanAttachment>();
        await foreach (var pending in attachments.ListPendingAsync(to, cancellationToken))
        {
            if (pending.WorkspaceId == workspaceId && pending.FirstSeenAt >= from)
            {
                orphans.Add(new OrphanAttachment($"{pending.Container}/{pending.BlobName}", pending.CallId, pending.FirstSeenAt));
            }
        }
        return orphans;
    }
}
