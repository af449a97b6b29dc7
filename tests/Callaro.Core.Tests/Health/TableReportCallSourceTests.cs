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

        // Attachment rows as the attachment store keeps them: one workspace partition, ordered by call id,
        // including rows of calls from other days (CA11 is not in this day's partition) and of a prefix id (CA1 vs CA11).
        var attachments = storage.Service.GetTableClient(storage.Names.AttachmentsTable);
        await attachments.CreateIfNotExistsAsync();
        await attachments.AddEntityAsync(new Callaro.Storage.Tables.TableEntity("acme", "CA1|transcript") { ["Readable"] = false, ["UnreadableReason"] = "not UTF-8", ["AttachedAt"] = Nine.AddMinutes(9) });
        await attachments.AddEntityAsync(new Callaro.Storage.Tables.TableEntity("acme", "CA1|recording") { ["AttachedAt"] = Nine.AddMinutes(8) });
        await attachments.AddEntityAsync(new Callaro.Storage.Tables.TableEntity("acme", "CA11|transcript") { ["Readable"] = true, ["AttachedAt"] = Nine.AddMinutes(9) });
        await attachments.AddEntityAsync(new Callaro.Storage.Tables.TableEntity("acme", "CA0|transcript") { ["Readable"] = true, ["AttachedAt"] = Nine.AddMinutes(9) });

        var source = new TableReportCallSource(storage.Service, storage.Names, storage.Names.AttachmentsTable);
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
