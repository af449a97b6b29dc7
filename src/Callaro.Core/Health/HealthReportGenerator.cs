namespace Callaro.Core.Health;

/// <summary>Generates, stores and schedules health reports.</summary>
public class HealthReportGenerator(
    IReportCallSource calls,
    IHealthReportContextSource context,
    WebhookRejectionCounter rejections,
    HealthReportStore store,
    HealthReportOptions options,
    TimeProvider time,
    CallLog.MissedCallFollowUps followUps)
{
    /// <summary>Builds a day's report from storage without storing it.</summary>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    public virtual async Task<HealthReport> BuildAsync(HealthWorkspace workspace, DateOnly date, CancellationToken cancellationToken = default)
    {
        var (from, to) = HealthReportSchedule.DayWindow(date, workspace.TimeZone);
        var asOf = HealthReportSchedule.ReportTime(date, workspace.TimeZone, options.ReportTime);
        // Names come from settings, independent of the day's reads: read alongside them.
        var names = context.GetNamesAsync(workspace.WorkspaceId, cancellationToken);
        var overview = await followUps.OverviewAsync(new CallLog.CallLogQuery { Workspace = workspace.WorkspaceId, From = date, To = date }, workspace.TimeZone, gaps: null, asOf, cancellationToken: cancellationToken);
        var input = new HealthReportInput
        {
            WorkspaceId = workspace.WorkspaceId,
            Date = date,
            TimeZone = workspace.TimeZone,
            AsOf = asOf,
            Campaigns = await context.GetCampaignSettingsAsync(workspace.WorkspaceId, cancellationToken),
            Thresholds = options.Thresholds,
            Rejections = await rejections.ReadAsync(workspace.WorkspaceId, from, to, cancellationToken),
            Orphans = await context.GetOrphansAsync(workspace.WorkspaceId, from, to, cancellationToken),
            PriorDays = await store.GetSummariesAsync(workspace.WorkspaceId, date.AddDays(-7), date.AddDays(-1), cancellationToken),
            Links = options.Links,
            FollowUps = MissedCallFollowUpSummary.Of(overview, followUps.Window),
            Names = await names,
        };
        var builder = new HealthReportBuilder(input);
        await foreach (var call in calls.ReadCallsAsync(workspace, date, cancellationToken))
        {
            builder.Add(call);
        }
        return builder.Build();
    }

    /// <summary>Builds and stores (replacing) a day's report.</summary>
    /// <exception cref="Azure.RequestFailedException">Storage failed; nothing is listed unless all of it was written.</exception>
    public virtual async Task<HealthReport> GenerateAsync(string workspaceId, DateOnly date, CancellationToken cancellationToken = default)
    {
        var workspace = await context.GetWorkspaceAsync(workspaceId, cancellationToken);
        var report = await BuildAsync(workspace, date, cancellationToken);
        await store.SaveAsync(report, HealthDigestRenderer.Render(report, options.LinkBaseUrl), time.GetUtcNow(), cancellationToken);
        return report;
    }

    /// <summary>
    /// The timer's work: for every workspace, writes each due day's report that does not exist yet (oldest
    /// first, within the catch-up window). One workspace failing does not stop the others.
    /// </summary>
    /// <returns>The reports written.</returns>
    /// <exception cref="AggregateException">Some workspaces failed; the others were written.</exception>
    public virtual async Task<IReadOnlyList<(string WorkspaceId, DateOnly Date)>> RunDueAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var written = new List<(string, DateOnly)>();
        var failures = new List<Exception>();
        foreach (var workspace in await context.ListWorkspacesAsync(cancellationToken))
        {
            try
            {
                foreach (var date in HealthReportSchedule.DueDays(now, workspace.TimeZone, options.ReportTime, options.CatchUpDays))
                {
                    if (await store.ExistsAsync(workspace.WorkspaceId, date, cancellationToken))
                    {
                        continue;
                    }
                    var report = await BuildAsync(workspace, date, cancellationToken);
                    await store.SaveAsync(report, HealthDigestRenderer.Render(report, options.LinkBaseUrl), time.GetUtcNow(), cancellationToken);
                    written.Add((workspace.WorkspaceId, date));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add(new InvalidOperationException($"The health report of workspace '{workspace.WorkspaceId}' could not be written: {e.Message}", e));
            }
        }

        return failures.Count == 0 ? written : throw new AggregateException(failures);
    }
}
