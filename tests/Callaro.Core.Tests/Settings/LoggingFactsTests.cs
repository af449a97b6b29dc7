using Callaro.Core.CallLog;
using Callaro.Core.Calls;
using Callaro.Core.Settings;

namespace Callaro.Core.Tests.Settings;

/// <summary>
/// "Logging incomplete" in the log judges the facts a log row carries; it must agree with what the call page shows, which
/// judges the whole record.
/// </summary>
public class LoggingFactsTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddMinutes(5);

    private static CallEvent Ev(string id, CallEventType type, DateTimeOffset at) => new()
    {
        EventId = id, Type = type, OccurredAt = at, CallId = "C1", WorkspaceId = "ws1", Source = "callaro", CampaignId = "sales",
    };

    private static readonly CallEvent[] Answered = [Ev("r", CallEventType.Ringing, Start), Ev("a", CallEventType.Answered, Start.AddSeconds(10))];

    public static TheoryData<string, CallEvent[]> Calls => new()
    {
        { "in progress", Answered },
        { "completed, nothing logged", [.. Answered, Ev("c", CallEventType.Completed, End)] },
        { "missed", [Ev("r", CallEventType.Ringing, Start), Ev("m", CallEventType.Missed, End)] },
        { "report with fields", [.. Answered, Ev("c", CallEventType.Completed, End),
            Ev("l", CallEventType.CallLogged, End) with { Report = new CallReport("won", "Booked.", new Dictionary<string, CallFieldValue> { ["budget"] = new(Number: 5) }) }] },
        { "report without summary", [.. Answered, Ev("c", CallEventType.Completed, End), Ev("l", CallEventType.CallLogged, End) with { Report = new CallReport("won", " ", null) }] },
        { "recording and CRM", [.. Answered, Ev("c", CallEventType.Completed, End),
            Ev("rec", CallEventType.RecordingCompleted, End) with { Recording = new ProviderRecording("RE1", null, 60, 1) },
            Ev("crm", CallEventType.CrmActivity, End) with { Crm = new CrmActivity("hubspot", "d1", "fieldUpdate", true, null,
                new Dictionary<string, CallFieldValue> { ["stage"] = new(Text: "won") }, null) }] },
    };

    private static readonly CampaignSettings[] Settings =
    [
        CampaignSettings.CallOnly,
        CampaignSettings.Default,
        new() { RecordingEnabled = true, TranscriptionEnabled = true, CrmConnected = true, ExpectedFields = ["budget", "stage"],
            SourceOfTruth = new Dictionary<string, string> { ["stage"] = CampaignSettings.Crm } },
        new() { LoggingEnabled = false, RecordingEnabled = true, RecordingGraceMinutes = 0 },
    ];

    [Theory]
    [MemberData(nameof(Calls))]
    public void TheRowsFactsJudgeACallAsTheCallPageDoes(string why, CallEvent[] events)
    {
        var record = CallRecord.Fold(events);
        var row = CallLogItem.Of(record).Logging!;
        var stored = LoggingFacts.FromRow(row.Words(), row.FieldList(), row.Status, row.StartedAt, row.AnsweredAt, row.EndedAt)!;
        foreach (var settings in Settings)
            foreach (var now in new[] { End, End.AddMinutes(20), End.AddDays(1) })
            {
                var judged = AttachmentStates.Evaluate(record, settings, now);
                var gaps = new[] { judged.OutcomeAndSummary, judged.Transcript, judged.Recording, judged.CrmActivity }.Select(p => p.State)
                    .Concat(judged.Fields.Select(f => f.State))
                    .Any(s => s is AttachmentState.Missing or AttachmentState.Unreadable);
                Assert.True(gaps == AttachmentStates.HasGaps(stored, settings, now), $"{why}, {settings.LoggingEnabled}/{settings.RecordingEnabled} at {now:HH:mm}: page says {gaps}");
            }
    }

    [Fact]
    public void ARowWrittenBeforeRowsCarriedTheFactsHasNone() =>
        Assert.Null(LoggingFacts.FromRow(null, null, CallStatus.Completed, Start, Start, End));
}
