using Callaro.Core.Calls;
using Callaro.Core.Health;
using Callaro.Core.Tests.Integration;
using Callaro.Core.Workspaces;

namespace Callaro.Core.Tests.Health;

public class TableReportCallSourceTests
{
    private static readonly DateTimeOffset Nine = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private static CallEvent Ev(string id, CallEventType type, DateTimeOffset at, string callId) => new()
    {
        EventId = id, Type = type, OccurredAt = at, CallId = callId, WorkspaceId = "acme", Source = "callaro",
        ReceivedAt = at, Direction = CallDirection.Outgoing, CampaignId = "sales",
    };

    private static CallEvent Attached(string id, CallEventType type, string callId, AttachedBlob blob) => new()
    {
        EventId = id, Type = type, OccurredAt = blob.ArrivedAt, CallId = callId, WorkspaceId = "acme", Source = "blob", ReceivedAt = blob.ArrivedAt, Attachment = blob,
    };

    [Fact]
    public async Task TheKnownGapsDayGivesTheSameReportWhenItsCallsAreReadFromStorage()
    {
        var storage = await TestStorage.CreateAsync();
        var ingestor = storage.Ingestor(new FixedTimeZoneSource(TimeZoneInfo.Utc), new FixedClock(KnownDay.AsOf));
        await ingestor.IngestAsync([.. KnownDay.Calls().SelectMany(EventsOf)]);

        var calls = new List<ReportCall>();
        await foreach (var call in new TableReportCallSource(storage.Service, storage.Names).ReadCallsAsync(new HealthWorkspace("acme", TimeZoneInfo.Utc), KnownDay.Date))
        {
            calls.Add(call);
        }

        Assert.Equal(System.Text.Encoding.UTF8.GetString(HealthReportJson.Serialize(KnownDay.Build(KnownDay.Calls()))),
            System.Text.Encoding.UTF8.GetString(HealthReportJson.Serialize(KnownDay.Build(calls))));
    }

    /// <summary>The events that would have produced a known-day call: its status event, report, CRM activity and blob attachments.</summary>
    private static IEnumerable<CallEvent> EventsOf(ReportCall c)
    {
        var type = c.Status switch
        {
            CallStatus.Ringing => CallEventType.Ringing,
            CallStatus.Answered => CallEventType.Answered,
            CallStatus.Completed => CallEventType.Completed,
            CallStatus.Missed => CallEventType.Missed,
            _ => CallEventType.Failed,
        };
        var at = c.EndedAt ?? c.StartedAt!.Value;
        // The record derives talk time from answer to end; the fixture states it (P10 talks 60 s of a 10-minute call).
        var answeredAt = c.Status == CallStatus.Completed && c.EndedAt is { } end ? end.AddSeconds(-c.TalkSeconds) : c.AnsweredAt;
        yield return new CallEvent
        {
            EventId = c.CallId + "-status", Type = type, OccurredAt = at, CallId = c.CallId, WorkspaceId = "acme", Source = "callaro",
            CampaignId = c.CampaignId, Direction = c.Direction, StartedAt = c.StartedAt, AnsweredAt = answeredAt, EndedAt = c.EndedAt,
        };
        if (c.Outcome is not null || c.HasSummary || c.Fields is not null)
        {
            yield return new CallEvent
            {
                EventId = c.CallId + "-logged", Type = CallEventType.CallLogged, OccurredAt = c.LoggedAt ?? at, CallId = c.CallId, WorkspaceId = "acme", Source = "callaro",
                Report = new CallReport(c.Outcome, c.HasSummary ? "Summary." : null, Values(c.Fields)),
            };
        }
        if (c.Crm is { } crm)
        {
            yield return new CallEvent
            {
                EventId = c.CallId + "-crm", Type = CallEventType.CrmActivity, OccurredAt = crm.At!.Value, CallId = c.CallId, WorkspaceId = "acme", Source = "callaro",
                Crm = new CrmActivity("hubspot", null, "note", crm.Succeeded, crm.Error, Values(crm.Sent), Values(crm.Observed)),
            };
        }
        if (c.Transcript.State != ReportAttachmentState.None)
        {
            var state = c.Transcript.State == ReportAttachmentState.Unreadable ? AttachedBlobState.Unreadable : AttachedBlobState.Available;
            yield return Attached(c.CallId + "-tr", CallEventType.TranscriptAttached, c.CallId,
                new AttachedBlob(state, c.Transcript.At!.Value, "transcripts", $"acme/{c.CallId}.json", "e1", UnreadableReason: c.Transcript.Reason));
        }
        if (c.Recording.State != ReportAttachmentState.None)
        {
            yield return Attached(c.CallId + "-rec", CallEventType.RecordingAttached, c.CallId,
                new AttachedBlob(AttachedBlobState.Available, c.Recording.At!.Value, "recordings", $"acme/{c.CallId}.wav", "e2"));
        }
    }

    private static Dictionary<string, CallFieldValue>? Values(IReadOnlyDictionary<string, string>? text) =>
        text?.ToDictionary(p => p.Key, p => new CallFieldValue(Text: p.Value));

    [Fact]
    public async Task TheDaysCallsAreReadWithOutcomeFieldsAndCrmActivity()
    {
        var storage = await TestStorage.CreateAsync();
        var ingestor = storage.Ingestor(new FixedTimeZoneSource(TimeZoneInfo.Utc), new FixedClock(Nine.AddDays(1)));
        await ingestor.IngestAsync([
            Ev("a1", CallEventType.Completed, Nine.AddMinutes(5), "CA1") with { StartedAt = Nine, AnsweredAt = Nine.AddSeconds(10), EndedAt = Nine.AddMinutes(5) },
            Ev("a2", CallEventType.CallLogged, Nine.AddMinutes(6), "CA1") with
            {
                Report = new CallReport("won", "Signed.", new Dictionary<string, CallFieldValue> { ["budget"] = new(Number: 5000) }),
            },
            Ev("a3", CallEventType.CrmActivity, Nine.AddMinutes(7), "CA1") with
            {
                Crm = new CrmActivity("hubspot", "r1", "note", true, null,
                    new Dictionary<string, CallFieldValue> { ["outcome"] = new(Text: "won"), ["budget"] = new(Number: 5000) },
                    new Dictionary<string, CallFieldValue> { ["outcome"] = new(Text: "lost") }),
            },
            Ev("b1", CallEventType.Missed, Nine.AddHours(1), "CA2") with { StartedAt = Nine.AddHours(1) },
            Ev("c1", CallEventType.Ringing, Nine.AddDays(1), "CA3"), // another day
        ]);

        // What the blob triggers fold in: an unreadable transcript and a recording for CA1, a transcript for a call of another day.
        await ingestor.IngestAsync([
            Attached("t1", CallEventType.TranscriptAttached, "CA1", new AttachedBlob(AttachedBlobState.Unreadable, Nine.AddMinutes(9), "transcripts", "acme/CA1.json", "e1", UnreadableReason: "not UTF-8")),
            Attached("r1", CallEventType.RecordingAttached, "CA1", new AttachedBlob(AttachedBlobState.Available, Nine.AddMinutes(8), "recordings", "acme/CA1.wav", "e2")),
            Attached("t2", CallEventType.TranscriptAttached, "CA3", new AttachedBlob(AttachedBlobState.Available, Nine.AddDays(1), "transcripts", "acme/CA3.vtt", "e3", "en", 12)),
        ]);

        var source = new TableReportCallSource(storage.Service, storage.Names);
        var calls = new List<ReportCall>();
        await foreach (var call in source.ReadCallsAsync(new HealthWorkspace("acme", TimeZoneInfo.Utc), new DateOnly(2025, 3, 10)))
        {
            calls.Add(call);
        }

        Assert.Equal(["CA1", "CA2"], calls.Select(c => c.CallId).Order());
        var completed = calls.Single(c => c.CallId == "CA1");
        Assert.Equal((CallStatus.Completed, "sales", 290, "won", true), (completed.Status, completed.CampaignId, completed.TalkSeconds, completed.Outcome, completed.HasSummary));
        Assert.Equal("5000", completed.Fields!["budget"]);
        Assert.Equal(Nine.AddMinutes(6), completed.LoggedAt);
        Assert.Equal(new ReportAttachment(ReportAttachmentState.Unreadable, Nine.AddMinutes(9), "not UTF-8"), completed.Transcript);
        Assert.Equal((ReportAttachmentState.Available, Nine.AddMinutes(8)), (completed.Recording.State, completed.Recording.At));
        Assert.Equal(ReportAttachment.None, calls.Single(c => c.CallId == "CA2").Transcript);
        Assert.Equal((true, Nine.AddMinutes(7), "won", "lost"), (completed.Crm!.Succeeded, completed.Crm.At, completed.Crm.Sent!["outcome"], completed.Crm.Observed!["outcome"]));

        var report = KnownDay.Build(calls, KnownDay.Input() with
        {
            Campaigns = new Dictionary<string, CampaignHealthSettings> { ["sales"] = new() { CrmConnected = true, ExpectedFields = ["budget"] } },
            Rejections = [], Orphans = [],
        });
        Assert.Equal(ConsistencyKind.DownstreamOverwrite, Assert.Single(report.ConsistencyFindings.Items).Kind);
        Assert.Equal(1, report.Alerts.Missed);
    }
}
