using Callaro.Core.Calls;
using Callaro.Core.Health;

namespace Callaro.Core.Tests.Health;

/// <summary>
/// A day with known gaps: campaign "sales" (everything enabled) has a mapping problem, a CRM overwrite,
/// a sync failure and a call without its expected field; campaign "support" is missing transcripts and has
/// one unreadable and one stuck call; one call outside any campaign is stuck ringing.
/// </summary>
internal static class KnownDay
{
    public static readonly DateOnly Date = new(2025, 3, 10);
    public static readonly DateTimeOffset AsOf = new(2025, 3, 11, 6, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(int hour, int minute) => new(2025, 3, 10, hour, minute, 0, TimeSpan.Zero);

    public static HealthReportInput Input(IReadOnlyList<HealthDaySummary>? prior = null) => new()
    {
        WorkspaceId = "acme",
        Date = Date,
        TimeZone = TimeZoneInfo.Utc,
        AsOf = AsOf,
        Campaigns = new Dictionary<string, CampaignHealthSettings>
        {
            ["sales"] = new()
            {
                TranscriptionEnabled = true, RecordingEnabled = true, CrmConnected = true,
                ExpectedFields = ["budget"], CrmOwnedFields = new HashSet<string> { "stage" },
            },
            ["support"] = new() { TranscriptionEnabled = true, TranscriptGrace = TimeSpan.FromHours(8) },
        },
        Rejections = [new("twilio", "signature", 2), new("callaro", "validation", 2), new("twilio", "signature", 1)],
        Orphans = [new("recordings/acme/ghost.mp3", "ghost", At(12, 0))],
        PriorDays = prior ?? [],
    };

    public static List<ReportCall> Calls()
    {
        var calls = new List<ReportCall>();
        for (var i = 1; i <= 8; i++)
        {
            var end = At(9, i).AddSeconds(120);
            var outcome = i == 5 ? "callback" : "won";
            calls.Add(new ReportCall
            {
                CallId = $"S{i}", CampaignId = "sales", Status = CallStatus.Completed, Direction = CallDirection.Outgoing,
                StartedAt = At(9, i), AnsweredAt = At(9, i), EndedAt = end, TalkSeconds = 120,
                Outcome = outcome, HasSummary = true, LoggedAt = end,
                Fields = i == 6 ? new Dictionary<string, string>() : new Dictionary<string, string> { ["budget"] = "5000" },
                Transcript = new(ReportAttachmentState.Available, end.AddMinutes(i)),
                Recording = new(ReportAttachmentState.Available, end.AddMinutes(2)),
                Crm = i switch
                {
                    4 => new(true, end.AddMinutes(1), Map("outcome", "won", "stage", "qualified"), Map("outcome", "won", "stage", "negotiation")),
                    5 => new(true, end.AddMinutes(1), Map("outcome", "won"), null),
                    7 => new(true, end.AddMinutes(1), Map("outcome", "won"), Map("outcome", "lost")),
                    8 => new(false, end.AddMinutes(1), Map("outcome", "won"), null, "401 token expired"),
                    _ => new(true, end.AddMinutes(1), Map("outcome", "won"), Map("outcome", "won")),
                },
            });
        }
        calls.Add(new ReportCall { CallId = "S9", CampaignId = "sales", Status = CallStatus.Missed, Direction = CallDirection.Outgoing, StartedAt = At(9, 30), EndedAt = At(9, 31) });
        calls.Add(new ReportCall { CallId = "S10", CampaignId = "sales", Status = CallStatus.Failed, Direction = CallDirection.Outgoing, StartedAt = At(9, 40), EndedAt = At(9, 40) });

        for (var i = 1; i <= 12; i++)
        {
            var start = i switch { 10 => At(22, 50), 11 => At(14, 0), 12 => At(11, 0), _ => At(10, i) };
            var end = i == 10 ? At(23, 0) : start.AddSeconds(60);
            calls.Add(new ReportCall
            {
                CallId = $"P{i}", CampaignId = "support", Direction = CallDirection.Incoming,
                Status = i == 11 ? CallStatus.Answered : CallStatus.Completed,
                StartedAt = start, AnsweredAt = start, EndedAt = i == 11 ? null : end, TalkSeconds = i == 11 ? 0 : 60,
                Outcome = i == 11 ? null : "resolved", HasSummary = i != 11,
                Transcript = i switch
                {
                    <= 5 => new(ReportAttachmentState.Available, end.AddMinutes(10)),
                    12 => new(ReportAttachmentState.Unreadable, end.AddMinutes(10), "invalid JSON at line 1"),
                    _ => ReportAttachment.None,
                },
            });
        }
        calls.Add(new ReportCall { CallId = "N1", Status = CallStatus.Ringing, StartedAt = At(20, 0) });
        return calls;
    }

    public static HealthReport Build(IEnumerable<ReportCall> calls, HealthReportInput? input = null)
    {
        var builder = new HealthReportBuilder(input ?? Input());
        foreach (var call in calls)
        {
            builder.Add(call);
        }
        return builder.Build();
    }

    private static Dictionary<string, string> Map(params string[] pairs)
    {
        var map = new Dictionary<string, string>();
        for (var i = 0; i < pairs.Length; i += 2)
        {
            map[pairs[i]] = pairs[i + 1];
        }
        return map;
    }
}
