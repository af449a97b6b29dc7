namespace Callaro.Core.Health;

/// <summary>Reads a day's calls as <see cref="ReportCall"/>s, streaming page by page (never the whole day in memory).</summary>
public interface IReportCallSource
{
    /// <summary>Every call of the workspace's local day (its partition or partitions), in any order.</summary>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    IAsyncEnumerable<ReportCall> ReadCallsAsync(HealthWorkspace workspace, DateOnly date, CancellationToken cancellationToken = default);
}

/// <summary>Everything else a report reads: the workspaces, their campaign settings and orphaned attachments.</summary>
public interface IHealthReportContextSource
{
    /// <summary>Every workspace with its reporting time zone.</summary>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    Task<IReadOnlyList<HealthWorkspace>> ListWorkspacesAsync(CancellationToken cancellationToken = default);

    /// <summary>The workspace's time zone (the default zone for a workspace never configured).</summary>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    Task<HealthWorkspace> GetWorkspaceAsync(string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>The campaign settings of the workspace, by campaign id.</summary>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    Task<IReadOnlyDictionary<string, CampaignHealthSettings>> GetCampaignSettingsAsync(string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>Attachments that arrived in [<paramref name="from"/>, <paramref name="to"/>) and still wait for their call.</summary>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    Task<IReadOnlyList<OrphanAttachment>> GetOrphansAsync(string workspaceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>The names the settings give operators and campaigns; none unless a source knows them.</summary>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    Task<Settings.DisplayNames> GetNamesAsync(string workspaceId, CancellationToken cancellationToken = default) => Task.FromResult(Settings.DisplayNames.None);
}

/// <summary>A workspace and the time zone its days are cut in.</summary>
public sealed record HealthWorkspace(string WorkspaceId, TimeZoneInfo TimeZone);

/// <summary>Report settings (<c>Callaro:HealthReports</c>).</summary>
public sealed class HealthReportOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Callaro:HealthReports";

    /// <summary>Local time of day after which yesterday's report is written (default 06:00).</summary>
    public TimeOnly ReportTime { get; set; } = new(6, 0);

    /// <summary>How many past days a run catches up on when earlier runs were missed (default 7).</summary>
    public int CatchUpDays { get; set; } = 7;

    /// <summary>Prefix for links in the stored HTML digest (e.g. the public URL) so they work from an email.</summary>
    public string LinkBaseUrl { get; set; } = "";

    /// <summary>Thresholds for the verdicts, list sizes and the sample size.</summary>
    public HealthThresholds Thresholds { get; set; } = new();

    /// <summary>Links into the call log.</summary>
    public HealthReportLinks Links { get; set; } = new();
}
