using Callaro.Core.Calls;
using Callaro.Core.Ingestion;


namespace Callaro.Core.Tests.Ingestion;

public class CallEventValidatorTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeProvider Clock = new FixedClock(Now);

    private static CallEvent Valid() => new()
    {
        EventId = "ev-1", Type = CallEventType.Completed, OccurredAt = Now.AddMinutes(-1), CallId = "CA1", Source = "twilio",
        StartedAt = Now.AddMinutes(-5), AnsweredAt = Now.AddMinutes(-4), EndedAt = Now.AddMinutes(-1), DurationSeconds = 180,
        Caller = "+14155550100", Callee = "+14155550101",
    };

    [Fact]
    public void AWellFormedEventHasNoErrors() => Assert.Empty(CallEventValidator.Validate(Valid(), Clock));

    public static TheoryData<string, Func<CallEvent, CallEvent>> BadEvents => new()
    {
        { "eventId", e => e with { EventId = "" } },
        { "callId", e => e with { CallId = "a/b" } },
        { "callId", e => e with { CallId = "a#b" } },
        { "callId", e => e with { CallId = "a?b" } },
        { "callId", e => e with { CallId = "a\\b" } },
        { "callId", e => e with { CallId = "a\u0007b" } },
        { "callId", e => e with { CallId = "a\u0085b" } },
        { "callId", e => e with { CallId = new string('x', 257) } },
        { "workspaceId", e => e with { WorkspaceId = "" } },
        { "campaignId", e => e with { CampaignId = "q?" } },
        { "dealId", e => e with { DealId = "" } },
        { "operatorId", e => e with { OperatorId = "op/1" } },
        { "caller", e => e with { Caller = "sip:a#b" } },
        { "occurredAt", e => e with { OccurredAt = new DateTimeOffset(1999, 12, 31, 0, 0, 0, TimeSpan.Zero) } },
        { "occurredAt", e => e with { OccurredAt = Now.AddDays(1).AddMinutes(1) } },
        { "endedAt", e => e with { EndedAt = e.StartedAt!.Value.AddSeconds(-1), AnsweredAt = null } },
        { "answeredAt", e => e with { AnsweredAt = e.StartedAt!.Value.AddSeconds(-1) } },
        { "durationSeconds", e => e with { DurationSeconds = -1 } },
        { "durationSeconds", e => e with { DurationSeconds = 7 * 24 * 3600 } },
        { "summary", e => e with { Type = CallEventType.CallLogged, Report = new CallReport("ok", new string('s', 8001), null) } },
        { "report", e => e with { Type = CallEventType.CallLogged, Report = null } },
        { "crm.kind", e => e with { Type = CallEventType.CrmActivity, Crm = new CrmActivity("hubspot", null, "email", true, null, null, null) } },
        { "source", e => e with { Source = "Twilio Inc" } },
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public void AnImpossibleOrUnstorableFieldIsNamedInTheErrors(string field, Func<CallEvent, CallEvent> spoil)
    {
        var errors = CallEventValidator.Validate(spoil(Valid()), Clock);
        Assert.True(errors.ContainsKey(field), $"expected an error for {field}, got: {string.Join(", ", errors.Keys)}");
        Assert.All(errors[field], m => Assert.Contains(field, m));
    }

    [Fact]
    public void AForbiddenCharacterIsDescribedWithItsPosition()
    {
        var message = Assert.Single(CallEventValidator.Validate(Valid() with { CallId = "CA#1" }, Clock)["callId"]);
        Assert.Equal("callId contains '#' at position 2; ids may not contain '/', '\\', '#', '?' or control characters.", message);
    }

    [Fact]
    public void AnAttachedBlobStampedByStorageIsAcceptedEvenWhenOurClockIsBehind()
    {
        var storageTime = Clock.GetUtcNow().AddDays(3);
        var attached = Valid() with
        {
            Type = CallEventType.RecordingAttached, OccurredAt = storageTime,
            Attachment = new AttachedBlob(AttachedBlobState.Available, Clock.GetUtcNow(), "recordings", "CA1.wav", "0x8D1"),
        };

        Assert.Empty(CallEventValidator.Validate(attached, Clock));
        Assert.Contains("occurredAt", CallEventValidator.Validate(Valid() with { OccurredAt = storageTime }, Clock).Keys);
    }

    [Fact]
    public void ASummaryOfExactly8000CharactersIsAccepted() =>
        Assert.Empty(CallEventValidator.Validate(Valid() with { Type = CallEventType.CallLogged, Report = new CallReport("ok", new string('s', 8000), null) }, Clock));

    [Fact]
    public void AnIdFromOutsideAnEventIsCheckedWithTheSameRulesAndWords()
    {
        Assert.Null(CallEventValidator.IdProblem("CA-1.2", "call id"));
        Assert.Equal("call id is required.", CallEventValidator.IdProblem("", "call id"));
        Assert.Equal("call id contains '#' at position 2; ids may not contain '/', '\\', '#', '?' or control characters.", CallEventValidator.IdProblem("CA#1", "call id"));
        Assert.Equal("workspace id is 257 characters long; at most 256 are allowed.", CallEventValidator.IdProblem(new string('w', 257), "workspace id"));
    }
}
