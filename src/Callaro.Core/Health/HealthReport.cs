using Callaro.Core.Calls;

namespace Callaro.Core.Health;

/// <summary>
/// One workspace's logging-health report for one local day. Deterministic: the same calls and input give
/// the same report (no generation time inside; see <see cref="HealthReportInput.AsOf"/>).
/// </summary>
public sealed record HealthReport
{
    /// <summary>The workspace.</summary>
    public required string WorkspaceId { get; init; }
    /// <summary>The local day.</summary>
    public required DateOnly Date { get; init; }
    /// <summary>The time zone the day was cut in (IANA or Windows id as configured).</summary>
    public required string TimeZone { get; init; }
    /// <summary>The day's first instant (UTC).</summary>
    public required DateTimeOffset From { get; init; }
    /// <summary>The next day's first instant (UTC).</summary>
    public required DateTimeOffset To { get; init; }
    /// <summary>When pending vs missing was judged.</summary>
    public required DateTimeOffset AsOf { get; init; }
    /// <summary>The overall verdict.</summary>
    public required HealthVerdict Verdict { get; init; }
    /// <summary>Every logging-health issue, worst first.</summary>
    public required IReadOnlyList<HealthIssue> Issues { get; init; }
    /// <summary>"No calls logged" warning when the day is empty after days with traffic.</summary>
    public string? NoCallsWarning { get; init; }
    /// <summary>Call totals for the workspace.</summary>
    public required CallTotals Calls { get; init; }
    /// <summary>Missed and failed calls.</summary>
    public required AlertSection Alerts { get; init; }
    /// <summary>Links to the day's log and to the previous and next days' digests (absent in reports stored before they were added).</summary>
    public DayLinks? Links { get; init; }
    /// <summary>Per campaign (calls without a campaign under the empty id), ordered by id.</summary>
    public required IReadOnlyList<CampaignReport> Campaigns { get; init; }
    /// <summary>Outcome vs CRM disagreements, listed (capped); counts are per campaign.</summary>
    public required CallList<ConsistencyFinding> ConsistencyFindings { get; init; }
    /// <summary>Calls still ringing or answered long after they must have ended.</summary>
    public required CallList<CallRef> StuckCalls { get; init; }
    /// <summary>Transcripts that arrived unreadable.</summary>
    public required CallList<UnreadableTranscript> UnreadableTranscripts { get; init; }
    /// <summary>Blobs whose call never arrived.</summary>
    public required CallList<OrphanAttachment> OrphanAttachments { get; init; }
    /// <summary>Rejected webhook deliveries.</summary>
    public required RejectionSection Rejections { get; init; }
    /// <summary>Trend against earlier days.</summary>
    public required TrendSection Trend { get; init; }
    /// <summary>The review sample.</summary>
    public required SampleSection Sample { get; init; }

    /// <summary>The headline numbers for the listing table and later trends.</summary>
    public HealthDaySummary ToSummary() => Summarize(Date, Verdict, Calls, Campaigns, Issues.Count);

    internal static HealthDaySummary Summarize(DateOnly date, HealthVerdict verdict, CallTotals calls, IReadOnlyList<CampaignReport> campaigns, int issues) => new()
    {
        Date = date,
        Verdict = verdict,
        TotalCalls = calls.Total,
        Missed = calls.ByStatus.Missed,
        Failed = calls.ByStatus.Failed,
        AnswerRate = calls.AnswerRate,
        Completeness = OverallCompleteness(campaigns),
        Issues = issues,
    };

    private static double? OverallCompleteness(IReadOnlyList<CampaignReport> campaigns)
    {
        long eligible = 0, logged = 0;
        foreach (var check in campaigns.SelectMany(c => c.Completeness.All()).Where(c => c.Enabled))
        {
            eligible += check.Eligible;
            logged += check.Logged;
        }
        return eligible == 0 ? null : Ratio.Of(logged, eligible);
    }
}

/// <summary>Overall state of logging.</summary>
public enum HealthVerdict
{
    /// <summary>The log can be trusted.</summary>
    Healthy,
    /// <summary>Gaps worth looking at.</summary>
    Degraded,
    /// <summary>The log cannot be trusted for this day.</summary>
    Failing,
}

/// <summary>One logging-health issue, raised once for a gap however many calls it touches.</summary>
/// <param name="Severity">Degraded or failing.</param>
/// <param name="Code">Stable machine-readable kind, e.g. <c>transcript-missing</c>.</param>
/// <param name="CampaignId">The campaign, or null for workspace-wide issues.</param>
/// <param name="Message">What a manager reads.</param>
public sealed record HealthIssue(HealthVerdict Severity, string Code, string? CampaignId, string Message);

/// <summary>Counts per status.</summary>
public sealed record StatusCounts(long Ringing, long Answered, long Completed, long Missed, long Failed)
{
    /// <summary>The sum.</summary>
    public long Total => Ringing + Answered + Completed + Missed + Failed;
}

/// <summary>Counts per direction.</summary>
public sealed record DirectionCounts(long Incoming, long Outgoing, long Internal, long Unknown);

/// <summary>Calls started in one local hour, by status.</summary>
public sealed record HourCounts(int Hour, StatusCounts Calls);

/// <summary>Call totals.</summary>
public sealed record CallTotals
{
    /// <summary>All calls.</summary>
    public required long Total { get; init; }
    /// <summary>By status.</summary>
    public required StatusCounts ByStatus { get; init; }
    /// <summary>By direction.</summary>
    public required DirectionCounts ByDirection { get; init; }
    /// <summary>(answered + completed) / (answered + completed + missed + failed); null when none finished ringing.</summary>
    public double? AnswerRate { get; init; }
    /// <summary>Sum of talk time.</summary>
    public required long TotalTalkSeconds { get; init; }
    /// <summary>Average talk time of answered calls.</summary>
    public double? AverageTalkSeconds { get; init; }
    /// <summary>Calls per local hour (24 entries; a DST fall-back hour holds both occurrences).</summary>
    public required IReadOnlyList<HourCounts> PerHour { get; init; }
}

/// <summary>A capped list with the exact count.</summary>
/// <typeparam name="T">Item type.</typeparam>
/// <param name="Count">How many there were.</param>
/// <param name="Items">At most the list limit of them, in a stable order.</param>
public sealed record CallList<T>(long Count, IReadOnlyList<T> Items)
{
    /// <summary>How many were left out of <see cref="Items"/>.</summary>
    public long NotListed => Count - Items.Count;
}

/// <summary>A call mentioned in the report, with a link to its detail page.</summary>
/// <param name="CallId">The call id.</param>
/// <param name="CampaignId">The campaign, if any.</param>
/// <param name="Status">The call's status.</param>
/// <param name="Direction">The direction, when known.</param>
/// <param name="StartedAt">When the call started.</param>
/// <param name="Link">The call's detail page.</param>
/// <param name="Caller">The calling number (E.164 where it normalises); absent in reports stored before numbers were kept.</param>
/// <param name="Callee">The called number (E.164 where it normalises); absent in reports stored before numbers were kept.</param>
/// <param name="Operator">The operator, by the name the settings gave it when the report was written, else by id.</param>
/// <param name="CampaignName">The campaign's name when the report was written, when the settings gave one.</param>
public sealed record CallRef(string CallId, string? CampaignId, CallStatus Status, CallDirection? Direction, DateTimeOffset? StartedAt, string Link,
    string? Caller = null, string? Callee = null, string? Operator = null, string? CampaignName = null)
{
    /// <summary>The number a manager recognises the call by: the other party's (the caller of an incoming call, the callee of an outgoing one).</summary>
    public string? Number => Direction == CallDirection.Outgoing ? Callee ?? Caller : Caller ?? Callee;
}

/// <summary>Where a reader goes from a digest.</summary>
/// <param name="Log">The day's call log.</param>
/// <param name="PreviousDigest">The previous day's digest.</param>
/// <param name="NextDigest">The next day's digest.</param>
public sealed record DayLinks(string Log, string PreviousDigest, string NextDigest);

/// <summary>Missed and failed calls.</summary>
/// <param name="Missed">Missed count.</param>
/// <param name="Failed">Failed count.</param>
/// <param name="AlertViewLink">The log's alert view for the day.</param>
/// <param name="Calls">The calls, earliest first (capped).</param>
/// <param name="FollowUps">How many were called back and how many are still open, as of the report time.</param>
public sealed record AlertSection(long Missed, long Failed, string AlertViewLink, CallList<CallRef> Calls, MissedCallFollowUpSummary? FollowUps = null);

/// <summary>One campaign's part of the report.</summary>
public sealed record CampaignReport
{
    /// <summary>The campaign id (empty for calls outside any campaign).</summary>
    public required string CampaignId { get; init; }
    /// <summary>Healthy / degraded / failing.</summary>
    public required HealthVerdict Verdict { get; init; }
    /// <summary>Why.</summary>
    public required IReadOnlyList<HealthIssue> Issues { get; init; }
    /// <summary>Call totals.</summary>
    public required CallTotals Calls { get; init; }
    /// <summary>Completeness of what the campaign enables.</summary>
    public required CompletenessSection Completeness { get; init; }
    /// <summary>Expected fields and how many completed calls lacked each (past grace).</summary>
    public required IReadOnlyList<FieldGap> ExpectedFieldGaps { get; init; }
    /// <summary>Outcome vs CRM comparison counts.</summary>
    public required ConsistencyCounts Consistency { get; init; }
    /// <summary>Delays from call end.</summary>
    public required TimelinessSection Timeliness { get; init; }
    /// <summary>Stuck calls.</summary>
    public required long Stuck { get; init; }
}

/// <summary>One completeness check over the campaign's completed calls.</summary>
/// <param name="Enabled">Whether the campaign enables the feature; when not, all counts are 0.</param>
/// <param name="Eligible">Completed calls checked.</param>
/// <param name="Logged">Present.</param>
/// <param name="Pending">Absent but still within grace.</param>
/// <param name="Missing">Absent past grace.</param>
/// <param name="Unreadable">Present but unreadable (transcripts).</param>
public sealed record CompletenessCheck(bool Enabled, long Eligible, long Logged, long Pending, long Missing, long Unreadable)
{
    /// <summary>Logged / eligible, or null when nothing was eligible.</summary>
    public double? Rate => Eligible == 0 ? null : Ratio.Of(Logged, Eligible);
}

/// <summary>The five completeness checks.</summary>
public sealed record CompletenessSection(
    CompletenessCheck OutcomeAndSummary,
    CompletenessCheck Transcript,
    CompletenessCheck Recording,
    CompletenessCheck CrmActivity,
    CompletenessCheck ExpectedFields)
{
    /// <summary>The checks with their names, in display order.</summary>
    public IEnumerable<CompletenessCheck> All() => [OutcomeAndSummary, Transcript, Recording, CrmActivity, ExpectedFields];
}

/// <summary>An expected field missing (past grace) on some completed calls.</summary>
public sealed record FieldGap(string Field, long Missing);

/// <summary>How the logged outcome and the CRM compare, per call with CRM activity.</summary>
/// <param name="Checked">Calls with CRM activity.</param>
/// <param name="Consistent">Agreeing.</param>
/// <param name="MappingProblem">What Callaro sent differs from what it logged.</param>
/// <param name="DownstreamOverwrite">What the CRM holds now differs from what was sent (for Callaro-owned fields).</param>
/// <param name="SyncFailed">The CRM rejected the activity.</param>
/// <param name="NoOutcome">No outcome was logged to compare with (a classification problem).</param>
public sealed record ConsistencyCounts(long Checked, long Consistent, long MappingProblem, long DownstreamOverwrite, long SyncFailed, long NoOutcome)
{
    /// <summary>Calls with any disagreement.</summary>
    public long Problems => MappingProblem + DownstreamOverwrite + SyncFailed + NoOutcome;
}

/// <summary>The classes of outcome-vs-CRM disagreement.</summary>
public enum ConsistencyKind
{
    /// <summary>What Callaro sent differs from the logged outcome or fields.</summary>
    MappingProblem,
    /// <summary>What the CRM holds differs from what was sent.</summary>
    DownstreamOverwrite,
    /// <summary>The sync failed.</summary>
    SyncFailed,
    /// <summary>Nothing logged to compare with.</summary>
    NoOutcome,
}

/// <summary>One call whose outcome and CRM disagree.</summary>
/// <param name="Call">The call.</param>
/// <param name="Kind">The class.</param>
/// <param name="Fields">The fields that differ (sorted), or the CRM error for a failed sync.</param>
public sealed record ConsistencyFinding(CallRef Call, ConsistencyKind Kind, IReadOnlyList<string> Fields);

/// <summary>Median and p95 of one delay.</summary>
/// <param name="Count">Measured calls.</param>
/// <param name="MedianSeconds">Median, or null.</param>
/// <param name="P95Seconds">95th percentile, or null.</param>
public sealed record DelayStats(long Count, long? MedianSeconds, long? P95Seconds);

/// <summary>Delays from call end to each artefact.</summary>
public sealed record TimelinessSection(DelayStats Transcript, DelayStats Recording, DelayStats CrmActivity);

/// <summary>A transcript that could not be read.</summary>
public sealed record UnreadableTranscript(CallRef Call, string? Reason);

/// <summary>Rejected deliveries.</summary>
/// <param name="Total">All rejected deliveries.</param>
/// <param name="ByEndpointAndReason">Per endpoint and reason, sorted.</param>
public sealed record RejectionSection(long Total, IReadOnlyList<RejectionCount> ByEndpointAndReason);

/// <summary>Comparison with one earlier day.</summary>
/// <param name="Date">That day.</param>
/// <param name="Available">Whether its report exists.</param>
/// <param name="TotalCalls">Its calls.</param>
/// <param name="CallsChange">Today minus that day.</param>
/// <param name="AnswerRateChange">Today minus that day (rate points 0..1).</param>
/// <param name="CompletenessChange">Today minus that day.</param>
/// <param name="MissedAndFailedChange">Today minus that day.</param>
/// <param name="Verdict">Its verdict.</param>
public sealed record TrendComparison(DateOnly Date, bool Available, long? TotalCalls, long? CallsChange, double? AnswerRateChange,
    double? CompletenessChange, long? MissedAndFailedChange, HealthVerdict? Verdict);

/// <summary>Trend against the previous day and the same weekday a week earlier.</summary>
public sealed record TrendSection(TrendComparison PreviousDay, TrendComparison SameWeekdayLastWeek);

/// <summary>One sampled call for manual review.</summary>
public sealed record SampleCall(CallRef Call, string? Outcome, bool HasSummary, ReportAttachmentState Transcript, ReportAttachmentState Recording);

/// <summary>The deterministic review sample.</summary>
/// <param name="Seed">What the sample is seeded with (the date).</param>
/// <param name="Calls">The sampled calls in sample order.</param>
public sealed record SampleSection(string Seed, IReadOnlyList<SampleCall> Calls);

internal static class Ratio
{
    // Four decimals keep the JSON readable and free of representation noise.
    public static double Of(long part, long whole) => Math.Round((double)part / whole, 4, MidpointRounding.AwayFromZero);
}
