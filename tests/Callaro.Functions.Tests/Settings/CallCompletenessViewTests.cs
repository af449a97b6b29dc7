using System.Text.Json;
using Callaro.Core.Calls;
using Callaro.Core.Settings;
using Callaro.Functions.Settings;

namespace Callaro.Functions.Tests.Settings;

public sealed class CallCompletenessViewTests
{
    [Fact]
    public void TheCallDetailShowsStatesAsWordsAndOwnersByName()
    {
        var end = new DateTimeOffset(2025, 3, 10, 14, 5, 0, TimeSpan.Zero);
        var record = CallRecord.Fold([
            new CallEvent { EventId = "a", Type = CallEventType.Answered, OccurredAt = end.AddMinutes(-5), CallId = "C1", Source = "callaro" },
            new CallEvent { EventId = "c", Type = CallEventType.Completed, OccurredAt = end, CallId = "C1", Source = "callaro" },
            new CallEvent { EventId = "l", Type = CallEventType.CallLogged, OccurredAt = end, CallId = "C1", Source = "callaro",
                Report = new CallReport("booked", "Demo booked.", new Dictionary<string, CallFieldValue> { ["budget"] = new(Number: 5000.5) }) }]);
        var settings = new CampaignSettings
        {
            TranscriptionEnabled = true, ExpectedFields = ["budget", "stage"],
            SourceOfTruth = new Dictionary<string, string> { ["stage"] = "crm" },
        };

        var view = CallCompletenessView.From(AttachmentStates.Evaluate(record, settings, end.AddMinutes(10),
            new AttachmentArrivals(TranscriptAttached: true, TranscriptUnreadableReason: "not UTF-8")));
        var json = JsonSerializer.Serialize(view, JsonSerializerOptions.Web);

        Assert.Equal("logged", view.OutcomeAndSummary.State);
        Assert.Equal("unreadable", view.Transcript.State);
        Assert.Equal("notEnabled", view.Recording.State);
        Assert.Equal("notEnabled", view.CrmActivity.State);
        Assert.Equal(new FieldStatusView("budget", true, "callaro", "logged", "5000.5", null, null), view.Fields[0]);
        Assert.Equal(("stage", "crm", "pending"), (view.Fields[1].Name, view.Fields[1].Owner, view.Fields[1].State));
        Assert.Contains("\"outcomeAndSummary\":{\"state\":\"logged\"", json);
    }
}
