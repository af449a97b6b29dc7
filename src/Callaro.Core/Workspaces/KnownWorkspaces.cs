using System.Collections.Concurrent;
using Azure.Data.Tables;
using Callaro.Core.Calls;

namespace Callaro.Core.Workspaces;

/// <summary>
/// Whether a workspace exists: it has stored workspace or campaign settings, or a call was ever stored for it. Readers answer an unknown
/// workspace with "not found" rather than an empty log, so a mistyped name never looks like a quiet day. Known
/// workspaces stay known (a workspace is never removed), so each is looked up once per instance; an unknown one is
/// looked up on every ask, so its first call shows at once.
/// </summary>
public class KnownWorkspaces
{
    private const string SettingsRowKey = "settings";
    private static readonly string[] KeysOnly = ["PartitionKey"];
    private readonly TableClient _workspaces;
    private readonly TableClient _calls;
    private readonly TableClient _campaigns;
    private readonly ConcurrentDictionary<string, bool> _known = new(StringComparer.Ordinal);

    /// <summary>For mocking.</summary>
    protected KnownWorkspaces()
    {
        _workspaces = null!;
        _calls = null!;
        _campaigns = null!;
    }

    /// <summary>Looks in the <see cref="StorageNames.WorkspacesTable"/>, <see cref="StorageNames.CampaignsTable"/> and <see cref="StorageNames.CallsTable"/> tables.</summary>
    public KnownWorkspaces(TableServiceClient service, StorageNames names)
    {
        _workspaces = service.GetTableClient(names.WorkspacesTable);
        _calls = service.GetTableClient(names.CallsTable);
        _campaigns = service.GetTableClient(names.CampaignsTable);
    }

    /// <summary>The sentence readers show for an unknown workspace.</summary>
    public static string Unknown(string workspaceId) =>
        $"Workspace '{workspaceId}' has never received a call or settings. Check its name (?workspace=); a new workspace appears with its first call or settings.";

    /// <summary>
    /// True when the workspace has settings (one point read), failing that a configured campaign (one partition query
    /// that stops at the first entity), or failing that at least one day of calls (one range query over its date
    /// partitions that stops at the first entity).
    /// </summary>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    public virtual async Task<bool> ExistsAsync(string workspaceId, CancellationToken cancellationToken = default)
    {
        if (_known.ContainsKey(workspaceId)) return true;
        var exists = await HasSettingsAsync(workspaceId, cancellationToken).ConfigureAwait(false)
            || await HasCampaignsAsync(workspaceId, cancellationToken).ConfigureAwait(false)
            || await HasCallsAsync(workspaceId, cancellationToken).ConfigureAwait(false);
        if (exists) _known[workspaceId] = true;
        return exists;
    }

    private async Task<bool> HasSettingsAsync(string workspaceId, CancellationToken cancellationToken) =>
        (await _workspaces.GetEntityIfExistsAsync<TableEntity>(workspaceId, SettingsRowKey, KeysOnly, cancellationToken).ConfigureAwait(false)).HasValue;

    private async Task<bool> HasCampaignsAsync(string workspaceId, CancellationToken cancellationToken)
    {
        await foreach (var _ in _campaigns.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {workspaceId}"), maxPerPage: 1, select: KeysOnly,
            cancellationToken: cancellationToken).ConfigureAwait(false))
            return true;
        return false;
    }

    private async Task<bool> HasCallsAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var first = CallTableKeys.WorkspacePartitionPrefix(workspaceId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {first} and PartitionKey lt {CallTableKeys.PrefixEnd(first)}");
        // The service may answer a range across partitions with empty pages and a continuation; the client follows them.
        await foreach (var _ in _calls.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: KeysOnly, cancellationToken: cancellationToken).ConfigureAwait(false))
            return true;
        return false;
    }
}
