using Callaro.Core.CallLog;
using Callaro.Core.Calls;

namespace Callaro.Core.Tests.CallLog;

public class MissedCallFollowUpTests
{
    private static readonly DateTimeOffset Nine = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private static async Task<FollowUp?> DecideAsync(InMemoryCallLog log, CallLogItem missed, TimeSpan? window = null) =>
        (await new MissedCallFollowUps(log, window ?? MissedCallFollowUps.DefaultWindow).DecideAsync(log.Workspace, log.Zone, [missed])).GetValueOrDefault(missed.CallId);

    [Fact]
    public async Task AnAnsweredCallBackToTheCallerInAnySpellingMarksTheMissedCallCalledBack()
    {
        var log = new InMemoryCallLog();
        var missed = log.Add(Nine, CallStatus.Missed, CallDirection.Incoming, caller: "14155550123", callee: "+15550002", callId: "M1");
        log.Add(Nine.AddHours(2), CallStatus.Completed, CallDirection.Outgoing, caller: "+15550002", callee: "+1 (415) 555-0123", callId: "CB1");
        log.Add(Nine.AddHours(5), CallStatus.Completed, CallDirection.Incoming, caller: "+14155550123", callId: "CB2");

        var followUp = await DecideAsync(log, missed);

        Assert.Equal(new FollowUp(FollowUpState.CalledBack, "CB1", Nine.AddHours(2), TimeSpan.FromHours(2)), followUp);
    }

    [Fact]
    public async Task AMissedCallStaysOpenWhenTheOnlyLaterCallsWereMissedTooOrCameAfterTheWindow()
    {
        var log = new InMemoryCallLog();
        var missed = log.Add(Nine, CallStatus.Missed, caller: "+14155550123", callId: "M1");
        log.Add(Nine.AddMinutes(10), CallStatus.Missed, caller: "+14155550123", callId: "M2");
        log.Add(Nine.AddHours(-1), CallStatus.Completed, caller: "+14155550123", callId: "EARLIER");
        log.Add(Nine.AddHours(25), CallStatus.Completed, caller: "+14155550123", callId: "LATE");

        Assert.Equal(FollowUp.Open, await DecideAsync(log, missed));
        Assert.Equal(FollowUpState.CalledBack, (await DecideAsync(log, missed, TimeSpan.FromHours(26)))!.State);
    }

    [Fact]
    public async Task ACallbackOnTheNextDayIsFoundInThatDaysPartition()
    {
        var log = new InMemoryCallLog();
        var missed = log.Add(Nine.AddHours(14), CallStatus.Failed, CallDirection.Outgoing, caller: "201", callee: "+442071838750", callId: "F1");
        log.Add(Nine.AddDays(1), CallStatus.Answered, CallDirection.Incoming, caller: "00442071838750", callee: "201", callId: "NEXT");

        Assert.Equal("NEXT", (await DecideAsync(log, missed))!.CallbackCallId);
    }

    [Fact]
    public async Task InternalCallsHaveNobodyToCallBack()
    {
        var log = new InMemoryCallLog();
        var missed = log.Add(Nine, CallStatus.Missed, CallDirection.Internal, caller: "201", callee: "202", callId: "I1");
        Assert.Null(await DecideAsync(log, missed));
    }

    [Fact]
    public async Task TheOverviewCountsOpenAndCalledBackAndTheMedianTimeToCallback()
    {
        var log = new InMemoryCallLog();
        log.Add(Nine, CallStatus.Missed, caller: "+14155550001", callId: "M1");
        log.Add(Nine.AddMinutes(10), CallStatus.Completed, CallDirection.Outgoing, caller: "201", callee: "+14155550001", callId: "C1");
        log.Add(Nine, CallStatus.Missed, caller: "+14155550002", callId: "M2");
        log.Add(Nine.AddMinutes(30), CallStatus.Completed, CallDirection.Outgoing, caller: "201", callee: "+14155550002", callId: "C2");
        log.Add(Nine, CallStatus.Missed, caller: "+14155550003", callId: "M3");
        log.Add(Nine.AddHours(3), CallStatus.Completed, CallDirection.Outgoing, caller: "201", callee: "+14155550003", callId: "C3");
        log.Add(Nine.AddHours(1), CallStatus.Missed, caller: "+14155550004", callId: "M4");
        var day = DateOnly.FromDateTime(Nine.UtcDateTime);

        var overview = await new MissedCallFollowUps(log, MissedCallFollowUps.DefaultWindow).OverviewAsync(new CallLogQuery { Workspace = log.Workspace, From = day, To = day }, log.Zone, gaps: null);

        Assert.Equal((1, 3, TimeSpan.FromMinutes(30), true), (overview.Open, overview.CalledBack, overview.MedianTimeToCallback, overview.Complete));
        // A report judged at 09:20 does not yet know the callbacks made later.
        var asOfNineTwenty = await new MissedCallFollowUps(log, MissedCallFollowUps.DefaultWindow).OverviewAsync(new CallLogQuery { Workspace = log.Workspace, From = day, To = day }, log.Zone, gaps: null, Nine.AddMinutes(20));
        Assert.Equal((3, 1), (asOfNineTwenty.Open, asOfNineTwenty.CalledBack));
    }

    [Theory]
    [InlineData("missed", "no-answer", null, "Nobody answered")]
    [InlineData("missed", "busy", "486", "The line was busy (SIP 486)")]
    [InlineData("failed", "failed", "404", "The number does not exist (SIP 404)")]
    [InlineData("missed", "canceled", null, "The caller hung up before anyone answered")]
    [InlineData("missed", "unanswered", "unanswered", "Nobody answered")]
    [InlineData("failed", "failed", "carrier_blocked", "The call could not be connected (carrier_blocked)")]
    [InlineData("completed", "completed", null, null)]
    public void TheReasonIsSaidInWords(string status, string? providerStatus, string? failureReason, string? expected) =>
        Assert.Equal(expected, MissedCallReason.Describe(Enum.Parse<CallStatus>(status, true), providerStatus, failureReason));
}
