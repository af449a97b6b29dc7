using Callaro.Core.Settings;
using Callaro.Core.Workspaces;
using Azure.Data.Tables;

namespace Callaro.Core.Health;

/// <summary>
/// The report's context from storage: workspaces (those with stored settings, plus <c>default</c>), their
/// time zones, campaign settings and attachments still waiting for a call that never came.
/// </summary>
public sealed class StoredHealthReportContext(
    TableServiceClient tables, StorageNames names, WorkspaceSettingsStore workspaces, CampaignSettingsStore campaigns, IOrphanAttachmentSource orphans,
    DisplayNameSource displayNames)
    : IHealthReportContextSource
{
    /// <inheritdoc />
    public Task<DisplayNames> GetNamesAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        displayNames.GetAsync(workspaceId, cancellationToken);

    /// <summary>The workspace every deployment has, configured or not.</summary>
    public const string DefaultWorkspace = "default";

    /// <inheritdoc />
    public async Task<IReadOnlyList<HealthWorkspace>> ListWorkspacesAsync(CancellationToken cancellationToken = default)
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal) { DefaultWorkspace };
        var filter = TableClient.CreateQueryFilter($"RowKey eq {"settings"}");
        await foreach (var row in tables.GetTableClient(names.WorkspacesTable).QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken))
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
    public Task<IReadOnlyList<OrphanAttachment>> GetOrphansAsync(string workspaceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        orphans.GetOrphansAsync(workspaceId, from, to, cancellationToken);
}

/// <summary>Recordings and transcripts that arrived for calls that never came (the attachments feature fills this in).</summary>
public interface IOrphanAttachmentSource
{
    /// <summary>Attachments first seen in [<paramref name="from"/>, <paramref name="to"/>) whose call still does not exist.</summary>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    Task<IReadOnlyList<OrphanAttachment>> GetOrphansAsync(string workspaceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
