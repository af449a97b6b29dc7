using System.Text;
using Callaro.Core.Calls;
using Callaro.Functions.Webhooks.Parsing;

namespace Callaro.Functions.Tests.Webhooks;

public class VonageEventParserTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private static ParsedDelivery Parse(string json) => VonageEventParser.Parse(Encoding.UTF8.GetBytes(json), ReceivedAt, "acme");

    private static string Event(string status, string extra = "") =>
        $$"""{"uuid":"leg-1","conversation_uuid":"CON-1","status":"{{status}}","direction":"inbound","from":"4930111","to":"4930222","timestamp":"2026-11-21T08:00:00.000Z"{{extra}}}""";

    [Theory]
    [InlineData("started", CallEventType.Ringing)]
    [InlineData("ringing", CallEventType.Ringing)]
    [InlineData("answered", CallEventType.Answered)]
    [InlineData("completed", CallEventType.Completed)]
    [InlineData("busy", CallEventType.Missed)]
    [InlineData("cancelled", CallEventType.Missed)]
    [InlineData("unanswered", CallEventType.Missed)]
    [InlineData("rejected", CallEventType.Missed)]
    [InlineData("timeout", CallEventType.Missed)]
    [InlineData("failed", CallEventType.Failed)]
    public void EveryStatusMapsOntoTheFiveStatusesAndIsKept(string status, CallEventType expected)
    {
        var e = Assert.Single(Parse(Event(status)).Events);

        Assert.Equal(expected, e.Type);
        Assert.Equal(status, e.ProviderStatus);
    }

    [Fact]
    public void ACompletedLegCarriesItsTimesDurationAndNumbers()
    {
        var e = Assert.Single(Parse(Event("completed", ""","start_time":"2026-11-21T07:58:00.000Z","end_time":"2026-11-21T08:00:00.000Z","duration":"120","rate":"0.01","price":"0.02" """)).Events);

        Assert.Equal(("leg-1", "vonage-leg-1-completed", "acme", "vonage"), (e.CallId, e.EventId, e.WorkspaceId, e.Source));
        Assert.Equal(CallDirection.Incoming, e.Direction);
        Assert.Equal(("4930111", "4930222"), (e.Caller, e.Callee));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 7, 58, 0, TimeSpan.Zero), e.StartedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero), e.EndedAt);
        Assert.Equal(120, e.DurationSeconds);
    }

    [Fact]
    public void EachLegIsItsOwnCallEvenInOneConversation()
    {
        var first = Assert.Single(Parse(Event("answered")).Events);
        var second = Assert.Single(Parse(Event("answered").Replace("leg-1", "leg-2")).Events);

        Assert.NotEqual(first.CallId, second.CallId);
    }

    [Theory]
    [InlineData("human")]
    [InlineData("machine")]
    [InlineData("input")]
    public void EventsThatAreNotCallProgressAreAcknowledgedButNotStored(string status)
    {
        var parsed = Parse(Event(status));

        Assert.True(parsed.IsValid);
        Assert.Empty(parsed.Events);
    }

    [Theory]
    [InlineData("""{"uuid":"leg-1","status":"exploded","timestamp":"2026-11-21T08:00:00.000Z"}""", "status")]
    [InlineData("""{"status":"answered","timestamp":"2026-11-21T08:00:00.000Z"}""", "uuid")]
    [InlineData("""{"uuid":"leg-1","timestamp":"2026-11-21T08:00:00.000Z"}""", "status")]
    [InlineData("""{"uuid":"leg-1","status":"answered"}""", "timestamp")]
    [InlineData("""{"uuid":"leg-1","status":"answered","timestamp":"2026-11-21T08:00:00"}""", "timestamp")]
    [InlineData("""{"uuid":"leg-1","status":"answered","timestamp":"2026-11-21T08:00:00Z","direction":"up"}""", "direction")]
    [InlineData("""{"uuid":"leg-1","status":"completed","timestamp":"2026-11-21T08:00:00Z","duration":"long"}""", "duration")]
    [InlineData("""{"uuid":7,"status":"answered","timestamp":"2026-11-21T08:00:00Z"}""", "uuid")]
    public void ABadFieldIsNamedInVonagesSpelling(string json, string field)
    {
        var parsed = Parse(json);

        Assert.False(parsed.IsValid);
        Assert.True(parsed.Errors.ContainsKey(field), string.Join(",", parsed.Errors.Keys));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""[{"uuid":"leg-1"}]""")]
    public void ABodyThatIsNotOneJsonObjectIsRejected(string body)
    {
        Assert.True(Parse(body).Errors.ContainsKey("body"));
    }
}
