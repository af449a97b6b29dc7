using System.Text;
using Callaro.Core.Calls;
using Callaro.Functions.Webhooks.Parsing;

namespace Callaro.Functions.Tests.Webhooks;

public class CallaroEventParserTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private static ParsedDelivery Parse(string json) => CallaroEventParser.Parse(Encoding.UTF8.GetBytes(json), ReceivedAt);

    private static string Event(string type = "call.completed", string extra = "") =>
        $$"""{"id":"evt-1","type":"{{type}}","occurredAt":"2026-11-21T08:59:00+01:00","callId":"call-1"{{extra}}}""";

    [Fact]
    public void AFullEventBecomesACanonicalEvent()
    {
        var parsed = Parse("""
            {"id":"evt-1","type":"call.completed","occurredAt":"2026-11-21T08:59:00+01:00","callId":"call-1",
             "workspaceId":"acme","campaignId":"spring","dealId":"d-7","operatorId":"op-3","direction":"outgoing",
             "caller":"+4930123","callee":"201","startedAt":"2026-11-21T08:50:00+01:00","answeredAt":"2026-11-21T08:51:00+01:00",
             "endedAt":"2026-11-21T08:59:00+01:00","durationSeconds":480,"failureReason":null,"somethingNew":{"x":1}}
            """);

        Assert.True(parsed.IsValid);
        var e = Assert.Single(parsed.Events);
        Assert.Equal("evt-1", e.EventId);
        Assert.Equal(CallEventType.Completed, e.Type);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 8, 59, 0, TimeSpan.FromHours(1)), e.OccurredAt);
        Assert.Equal("call-1", e.CallId);
        Assert.Equal("acme", e.WorkspaceId);
        Assert.Equal("callaro", e.Source);
        Assert.Equal(ReceivedAt, e.ReceivedAt);
        Assert.Equal(("spring", "d-7", "op-3"), (e.CampaignId, e.DealId, e.OperatorId));
        Assert.Equal(CallDirection.Outgoing, e.Direction);
        Assert.Equal(("+4930123", "201"), (e.Caller, e.Callee));
        Assert.Equal(480, e.DurationSeconds);
        Assert.NotNull(e.AnsweredAt);
        Assert.Null(e.FailureReason);
    }

    [Theory]
    [InlineData("call.ringing", CallEventType.Ringing)]
    [InlineData("call.answered", CallEventType.Answered)]
    [InlineData("call.completed", CallEventType.Completed)]
    [InlineData("call.missed", CallEventType.Missed)]
    [InlineData("call.failed", CallEventType.Failed)]
    [InlineData("call.logged", CallEventType.CallLogged)]
    public void EveryEventTypeIsUnderstood(string type, CallEventType expected)
    {
        Assert.Equal(expected, Assert.Single(Parse(Event(type)).Events).Type);
    }

    [Fact]
    public void TheWorkspaceDefaultsToDefault()
    {
        Assert.Equal("default", Assert.Single(Parse(Event()).Events).WorkspaceId);
    }

    [Fact]
    public void MissingRequiredFieldsAreAllNamed()
    {
        var parsed = Parse("""{"workspaceId":"acme"}""");

        Assert.False(parsed.IsValid);
        Assert.Equal(["callId", "id", "occurredAt", "type"], parsed.Errors.Keys.Order());
        Assert.Contains("id is required.", parsed.Errors["id"]);
    }

    [Fact]
    public void AnUnknownTypeIsRejectedListingTheKnownOnes()
    {
        var parsed = Parse(Event("call.exploded"));

        Assert.Contains("call.ringing", Assert.Single(parsed.Errors["type"]));
    }

    [Theory]
    [InlineData("2026-11-21T08:59:00")]
    [InlineData("2026-11-21 08:59:00Z")]
    [InlineData("21/11/2026 08:59")]
    [InlineData("2026-13-21T08:59:00Z")]
    [InlineData("2026-11-21T08:59Z")]
    public void ATimestampWithoutAnOffsetOrThatIsNotIsoIsRejected(string occurredAt)
    {
        var parsed = Parse($$"""{"id":"e","type":"call.ringing","occurredAt":"{{occurredAt}}","callId":"c"}""");

        Assert.Contains("with an offset", Assert.Single(parsed.Errors["occurredAt"]));
    }

    [Theory]
    [InlineData(""","durationSeconds":"480" """, "durationSeconds", "whole number")]
    [InlineData(""","durationSeconds":1.5""", "durationSeconds", "whole number")]
    [InlineData(""","durationSeconds":-1""", "durationSeconds", "negative")]
    [InlineData(""","caller":4930123""", "caller", "must be a string")]
    [InlineData(""","direction":"sideways" """, "direction", "incoming, outgoing, internal")]
    [InlineData(""","workspaceId":"" """, "workspaceId", "empty")]
    [InlineData(""","answeredAt":"yesterday" """, "answeredAt", "ISO-8601")]
    public void AKnownFieldOfTheWrongShapeIsNamed(string extra, string field, string reason)
    {
        var parsed = Parse(Event(extra: extra));

        Assert.Contains(reason, Assert.Single(parsed.Errors[field]));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("\"just a string\"")]
    [InlineData("42")]
    public void ABodyThatIsNotAnEventOrArrayIsRejected(string body)
    {
        var parsed = Parse(body);

        Assert.False(parsed.IsValid);
        Assert.True(parsed.Errors.ContainsKey("body"));
    }

    [Fact]
    public void ABatchIsParsedInOrder()
    {
        var parsed = Parse($"[{Event("call.ringing")},{Event("call.answered").Replace("evt-1", "evt-2")}]");

        Assert.Equal(["evt-1", "evt-2"], parsed.Events.Select(e => e.EventId));
    }

    [Fact]
    public void ErrorsInABatchNameTheEventAndRejectTheWholeBatch()
    {
        var parsed = Parse($$"""[{{Event()}},{"id":"evt-2","type":"call.missed","occurredAt":"2026-11-21T08:59:00"}]""");

        Assert.False(parsed.IsValid);
        Assert.Empty(parsed.Events);
        Assert.Equal(["events[1].callId", "events[1].occurredAt"], parsed.Errors.Keys.Order());
    }

    [Fact]
    public void ABatchOf101IsRejected()
    {
        var parsed = Parse("[" + string.Join(",", Enumerable.Repeat(Event(), 101)) + "]");

        Assert.Contains("at most 100", Assert.Single(parsed.Errors["events"]));
    }

    [Fact]
    public void ABatchOf100IsAccepted()
    {
        Assert.Equal(100, Parse("[" + string.Join(",", Enumerable.Repeat(Event(), 100)) + "]").Events.Count);
    }

    [Fact]
    public void AnEmptyBatchIsRejected()
    {
        Assert.True(Parse("[]").Errors.ContainsKey("events"));
    }

    [Fact]
    public void ABatchEntryThatIsNotAnObjectIsNamed()
    {
        Assert.True(Parse($"[{Event()}, 7]").Errors.ContainsKey("events[1]"));
    }

    public class EndOfCallReports
    {
        [Fact]
        public void CallLoggedCarriesOutcomeSummaryAndTypedFields()
        {
            var e = Assert.Single(Parse(Event("call.logged", """
                ,"outcome":"appointment","summary":"Booked a visit.",
                 "fields":{"budget":12000.5,"email":"a@b.example","consent":true,"visitAt":"2026-12-01T10:00:00+01:00","note":"2026-12-01"}
                """)).Events);

            Assert.Equal("appointment", e.Report!.Outcome);
            Assert.Equal("Booked a visit.", e.Report.Summary);
            var fields = e.Report.Fields!;
            Assert.Equal(12000.5, fields["budget"].Number);
            Assert.Equal("a@b.example", fields["email"].Text);
            Assert.True(fields["consent"].Flag);
            Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(1)), fields["visitAt"].Date);
            // A bare date has no offset, so it stays text rather than being pinned to some midnight.
            Assert.Equal("2026-12-01", fields["note"].Text);
        }

        [Fact]
        public void ASummaryOver8000CharactersIsRejected()
        {
            var parsed = Parse(Event("call.logged", $$""","summary":"{{new string('x', 8_001)}}" """));

            Assert.Contains("at most 8000", Assert.Single(parsed.Errors["summary"]));
        }

        [Fact]
        public void ASummaryOfExactly8000CharactersIsAccepted()
        {
            Assert.True(Parse(Event("call.logged", $$""","summary":"{{new string('x', 8_000)}}" """)).IsValid);
        }

        [Theory]
        [InlineData("""{"a":null}""", "fields.a")]
        [InlineData("""{"a":[1]}""", "fields.a")]
        [InlineData("""{"a":{"b":1}}""", "fields.a")]
        [InlineData("""[1,2]""", "fields")]
        public void FieldValuesMustBeScalars(string fields, string key)
        {
            Assert.True(Parse(Event("call.logged", $",\"fields\":{fields}")).Errors.ContainsKey(key));
        }

        [Fact]
        public void ReportFieldsOnAStatusEventAreRejectedRatherThanDropped()
        {
            var parsed = Parse(Event("call.completed", ""","outcome":"sale" """));

            Assert.Contains("call.logged", Assert.Single(parsed.Errors["outcome"]));
        }
    }

    public class CrmActivities
    {
        [Fact]
        public void CrmActivityCarriesWhatWasSentAndObserved()
        {
            var e = Assert.Single(Parse(Event("crm.activity", """
                ,"crm":{"system":"hubspot","recordId":"123","kind":"fieldUpdate","status":"failed","error":"403 from CRM",
                        "sent":{"stage":"won","amount":5},"observed":{"stage":"open"}}
                """)).Events);

            var crm = e.Crm!;
            Assert.Equal(("hubspot", "123", "fieldUpdate", false, "403 from CRM"), (crm.System, crm.RecordId, crm.Kind, crm.Succeeded, crm.Error));
            Assert.Equal("won", crm.Sent!["stage"].Text);
            Assert.Equal(5, crm.Sent["amount"].Number);
            Assert.Equal("open", crm.Observed!["stage"].Text);
        }

        [Fact]
        public void CrmActivityWithoutCrmIsRejected()
        {
            Assert.Contains("crm is required.", Parse(Event("crm.activity")).Errors["crm"]);
        }

        [Fact]
        public void BadCrmFieldsAreNamedWithTheirPath()
        {
            var parsed = Parse(Event("crm.activity", ""","crm":{"kind":"email","status":"maybe","sent":{"x":null}}"""));

            Assert.Equal(["crm.kind", "crm.sent.x", "crm.status", "crm.system"], parsed.Errors.Keys.Order());
        }

        [Fact]
        public void BatchPathsIncludeTheEventIndex()
        {
            var parsed = Parse($$"""[{{Event()}},{{Event("crm.activity", ""","crm":{"system":"x","kind":"note","status":"ok"}""")}}]""");

            Assert.True(parsed.Errors.ContainsKey("events[1].crm.status"));
        }
    }
}
