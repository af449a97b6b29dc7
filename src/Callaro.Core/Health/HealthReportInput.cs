namespace Callaro.Core.Health;

/// <summary>Everything about a report day other than its calls.</summary>
public sealed record HealthReportInput
{
    /// <summary>The workspace.</summary>
    public required string WorkspaceId { get; init; }
    /// <summary>The local day reported on.</summary>
    public required DateOnly Date { get; init; }
    /// <summary>The workspace's reporting time zone.</summary>
    public required TimeZoneInfo TimeZone { get; init; }
    /// <summary>
    /// The instant the day is judged at (pending vs missing). The scheduled report time, not the wall clock,
    /// so regenerating a day over the same data gives the same report.
    /// </summary>
    public required DateTimeOffset AsOf { get; init; }
    /// <summary>Settings per campaign id; campaigns not listed use <see cref="CampaignHealthSettings.Default"/>.</summary>
    public IReadOnlyDictionary<string, CampaignHealthSettings> Campaigns { get; init; } = new Dictionary<string, CampaignHealthSettings>();
    /// <summary>Thresholds.</summary>
    public HealthThresholds Thresholds { get; init; } = new();
    /// <summary>Webhook deliveries rejected during the day.</summary>
    public IReadOnlyList<RejectionCount> Rejections { get; init; } = [];
    /// <summary>Attachments that arrived during the day for calls that never arrived.</summary>
    public IReadOnlyList<OrphanAttachment> Orphans { get; init; } = [];
    /// <summary>Summaries of earlier days (any order; the report picks the previous day and the same weekday a week earlier).</summary>
    public IReadOnlyList<HealthDaySummary> PriorDays { get; init; } = [];
    /// <summary>Builds the links in the report.</summary>
    public HealthReportLinks Links { get; init; } = new();
    /// <summary>Names of operators and campaigns, for the lists of calls.</summary>
    public Settings.DisplayNames Names { get; init; } = Settings.DisplayNames.None;
    /// <summary>Whether the day's missed and failed calls were called back, as of <see cref="AsOf"/>; null when not judged.</summary>
    public MissedCallFollowUpSummary? FollowUps { get; init; }
}

/// <summary>How the day's missed and failed calls were followed up (see <c>MissedCallFollowUps</c>).</summary>
/// <param name="Open">Missed and failed calls whose other party nobody reached by the report time.</param>
/// <param name="CalledBack">Those reached by a later answered call with the same number within the window.</param>
/// <param name="MedianSecondsToCallback">Median seconds from a missed call to its callback; null when none was called back.</param>
/// <param name="WindowHours">How long after a missed call a callback counts.</param>
public sealed record MissedCallFollowUpSummary(long Open, long CalledBack, long? MedianSecondsToCallback, double WindowHours)
{
    /// <summary>The summary of an overview of the day's missed calls.</summary>
    public static MissedCallFollowUpSummary Of(CallLog.FollowUpOverview overview, TimeSpan window) => new(
        overview.Open, overview.CalledBack, overview.MedianTimeToCallback is { } m ? (long)Math.Round(m.TotalSeconds) : null, window.TotalHours);
}

/// <summary>Rejected webhook deliveries for one endpoint and reason.</summary>
/// <param name="Endpoint">The webhook endpoint, e.g. <c>twilio</c>.</param>
/// <param name="Reason">Why, e.g. <c>signature</c>, <c>validation</c>, <c>throttled</c>.</param>
/// <param name="Count">How many.</param>
public sealed record RejectionCount(string Endpoint, string Reason, long Count);

/// <summary>A recording or transcript blob whose call never arrived.</summary>
/// <param name="BlobName">Container-relative name, e.g. <c>recordings/acme/CA12.mp3</c>.</param>
/// <param name="CallId">The call it names.</param>
/// <param name="ArrivedAt">When it arrived.</param>
public sealed record OrphanAttachment(string BlobName, string CallId, DateTimeOffset ArrivedAt);

/// <summary>The headline numbers of one stored report, kept in the listing table and used for trends.</summary>
public sealed record HealthDaySummary
{
    /// <summary>The day.</summary>
    public required DateOnly Date { get; init; }
    /// <summary>Overall verdict.</summary>
    public required HealthVerdict Verdict { get; init; }
    /// <summary>Calls logged.</summary>
    public required long TotalCalls { get; init; }
    /// <summary>Missed calls.</summary>
    public long Missed { get; init; }
    /// <summary>Failed calls.</summary>
    public long Failed { get; init; }
    /// <summary>Answered share, 0..1, or null without calls.</summary>
    public double? AnswerRate { get; init; }
    /// <summary>Logged share of every enabled completeness check, 0..1, or null when nothing was checked.</summary>
    public double? Completeness { get; init; }
    /// <summary>Number of issues raised.</summary>
    public int Issues { get; init; }
}

/// <summary>Relative links from the report into the call log; the defaults follow the log's routes.</summary>
public sealed record HealthReportLinks
{
    /// <summary>The log's alert view for a day: <c>{0}</c> workspace, <c>{1}</c> date (yyyy-MM-dd).</summary>
    public string AlertViewFormat { get; init; } = "/api/log?workspace={0}&date={1}&view=alerts";
    /// <summary>One call's detail page: <c>{0}</c> workspace, <c>{1}</c> call id.</summary>
    public string CallDetailFormat { get; init; } = "/api/log/calls/{1}?workspace={0}";

    /// <summary>The log of a day: <c>{0}</c> workspace, <c>{1}</c> date (yyyy-MM-dd).</summary>
    public string LogFormat { get; init; } = "/api/log?workspace={0}&date={1}&view=all";
    /// <summary>The digest of a day: <c>{0}</c> workspace, <c>{1}</c> date (yyyy-MM-dd).</summary>
    public string DigestFormat { get; init; } = "/api/reports/health/digest?workspace={0}&date={1}";

    /// <summary>The log of a day, values URL-escaped.</summary>
    public string Log(string workspaceId, DateOnly date) => Day(LogFormat, workspaceId, date);

    /// <summary>The digest of a day, values URL-escaped.</summary>
    public string Digest(string workspaceId, DateOnly date) => Day(DigestFormat, workspaceId, date);

    private static string Day(string format, string workspaceId, DateOnly date) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, format,
            Uri.EscapeDataString(workspaceId), date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The alert view link, values URL-escaped.</summary>
    public string AlertView(string workspaceId, DateOnly date) => Day(AlertViewFormat, workspaceId, date);

    /// <summary>The call detail link, values URL-escaped.</summary>
    public string CallDetail(string workspaceId, string callId) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, CallDetailFormat,
            Uri.EscapeDataString(workspaceId), Uri.EscapeDataString(callId));
}
