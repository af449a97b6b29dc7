using System.Text.RegularExpressions;
using Callaro.Simulator.Planning;

namespace Callaro.Simulator.Tests;

public sealed partial class CallPlanGeneratorTests
{
    [GeneratedRegex(@"^\+[1-9]\d{7,14}$")]
    private static partial Regex E164();

    [GeneratedRegex(@"^\d{3,4}$")]
    private static partial Regex Extension();

    [Fact]
    public void TheSameSeedAndDateGiveTheIdenticalDay()
    {
        var first = CallPlanGenerator.Generate(TestPlans.PastDay(seed: 7));
        var second = CallPlanGenerator.Generate(TestPlans.PastDay(seed: 7));

        Assert.Equal(TestPlans.Fingerprint(first), TestPlans.Fingerprint(second));
    }

    [Fact]
    public void AnotherSeedOrAnotherDayGivesOtherCallIds()
    {
        var ids = CallPlanGenerator.Generate(TestPlans.PastDay(seed: 7)).Calls.Select(c => c.CallId).ToHashSet();
        var otherSeed = CallPlanGenerator.Generate(TestPlans.PastDay(seed: 8)).Calls.Select(c => c.CallId);
        var otherDay = CallPlanGenerator.Generate(TestPlans.PastDay(seed: 7) with { Date = TestPlans.Day.AddDays(-1) }).Calls.Select(c => c.CallId);

        Assert.Empty(ids.Intersect(otherSeed));
        Assert.Empty(ids.Intersect(otherDay));
    }

    [Fact]
    public void CallIdsAndEventIdsAreUnique()
    {
        var plan = CallPlanGenerator.Generate(TestPlans.PastDay(calls: 1000));

        Assert.Equal(1000, plan.Calls.Select(c => c.CallId).Distinct().Count());
        Assert.Equal(plan.EventCount, plan.Calls.SelectMany(c => c.Events).Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public void DirectionAndOutcomeSharesAreExactCounts()
    {
        var plan = CallPlanGenerator.Generate(TestPlans.PastDay(calls: 300) with
        {
            Incoming = 0.5, Outgoing = 0.4, Internal = 0.1, Missed = 0.2, Failed = 0.05,
        });

        Assert.Equal(150, plan.Calls.Count(c => c.Direction == Direction.Incoming));
        Assert.Equal(120, plan.Calls.Count(c => c.Direction == Direction.Outgoing));
        Assert.Equal(30, plan.Calls.Count(c => c.Direction == Direction.Internal));
        Assert.Equal(60, plan.Calls.Count(c => c.ExpectedStatus == "missed"));
        Assert.Equal(15, plan.Calls.Count(c => c.ExpectedStatus == "failed"));
        Assert.Equal(225, plan.Calls.Count(c => c.ExpectedStatus == "completed"));
    }

    [Fact]
    public void ExternalCallsAreSplitBetweenSendersByWeightAndInternalCallsAreCallaros()
    {
        var plan = CallPlanGenerator.Generate(TestPlans.PastDay(calls: 300) with
        {
            Incoming = 0.5, Outgoing = 0.5, Internal = 0,
            Providers = PlanOptions.ParseProviders("callaro=2,twilio=1"),
        });
        var withInternal = CallPlanGenerator.Generate(TestPlans.PastDay(calls: 300));

        Assert.Equal(200, plan.Calls.Count(c => c.Provider == Provider.Callaro));
        Assert.Equal(100, plan.Calls.Count(c => c.Provider == Provider.Twilio));
        Assert.All(withInternal.Calls.Where(c => c.Direction == Direction.Internal), c => Assert.Equal(Provider.Callaro, c.Provider));
        Assert.Equal(3, withInternal.Calls.Select(c => c.Provider).Distinct().Count());
    }

    [Fact]
    public void ExternalCallsUseE164NumbersAndInternalCallsUseTwoDifferentExtensions()
    {
        var plan = CallPlanGenerator.Generate(TestPlans.PastDay());

        Assert.All(plan.Calls.Where(c => c.Direction != Direction.Internal), c =>
        {
            Assert.Matches(E164(), c.Caller);
            Assert.Matches(E164(), c.Callee);
        });
        Assert.All(plan.Calls.Where(c => c.Direction == Direction.Internal), c =>
        {
            Assert.Matches(Extension(), c.Caller);
            Assert.Matches(Extension(), c.Callee);
            Assert.NotEqual(c.Caller, c.Callee);
        });
    }

    [Fact]
    public void EveryCallStartsOnTheDayAndFollowsARealLifecycle()
    {
        var plan = CallPlanGenerator.Generate(TestPlans.PastDay(calls: 500));

        Assert.All(plan.Calls, c =>
        {
            Assert.Equal(TestPlans.Day, DateOnly.FromDateTime(c.StartedAt.UtcDateTime));
            var kinds = c.Events.Select(e => e.Kind).ToArray();
            Assert.True(c.Events.Zip(c.Events.Skip(1)).All(p => p.First.OccurredAt <= p.Second.OccurredAt), "events are in time order");
            switch (c.Outcome)
            {
                case Outcome.Completed:
                    Assert.Contains(EventKind.Ringing, kinds);
                    Assert.Contains(EventKind.Answered, kinds);
                    Assert.Contains(EventKind.Completed, kinds);
                    Assert.True(c.TalkSeconds > 0);
                    Assert.Equal(c.TalkSeconds, (int)(c.EndedAt - c.AnsweredAt!.Value).TotalSeconds);
                    break;
                case Outcome.Missed:
                    Assert.Equal(new[] { EventKind.Ringing, EventKind.Missed }, kinds.Where(k => k != EventKind.Started));
                    Assert.NotNull(c.MissReason);
                    Assert.Equal(0, c.TalkSeconds);
                    break;
                default:
                    Assert.Equal(EventKind.Failed, kinds[^1]);
                    Assert.InRange(c.SipCode!.Value, 400, 699);
                    Assert.Equal(0, c.TalkSeconds);
                    break;
            }
        });
    }

    [Fact]
    public void CallsOfTodayNeverReportTheFuture()
    {
        var now = new DateTimeOffset(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);
        var plan = CallPlanGenerator.Generate(TestPlans.PastDay(calls: 400) with { NotAfter = now });

        Assert.All(plan.Calls.SelectMany(c => c.Events), e => Assert.True(e.OccurredAt <= now, $"{e.Kind} at {e.OccurredAt:O} is after {now:O}"));
        Assert.All(plan.Calls, c => Assert.Equal(TestPlans.Day, DateOnly.FromDateTime(c.StartedAt.UtcDateTime)));
    }

    [Fact]
    public void ReportsFollowOnlyCompletedCallaroCallsInTheRequestedShare()
    {
        var plan = CallPlanGenerator.Generate(TestPlans.PastDay(calls: 400) with { Reports = 0.5 });
        var completedCallaro = plan.Calls.Count(c => c.Provider == Provider.Callaro && c.Outcome == Outcome.Completed);
        var reported = plan.Calls.Where(c => c.Report is not null).ToArray();

        Assert.Equal((int)Math.Round(completedCallaro * 0.5, MidpointRounding.AwayFromZero), reported.Length);
        Assert.All(reported, c =>
        {
            Assert.Equal(Provider.Callaro, c.Provider);
            Assert.Equal(Outcome.Completed, c.Outcome);
            Assert.Equal(new[] { EventKind.Logged, EventKind.CrmActivity }, c.Events.TakeLast(2).Select(e => e.Kind));
        });
    }

    [Fact]
    public void OnlyCallaroCallsCarryCampaignsDealsAndOperators()
    {
        var plan = CallPlanGenerator.Generate(TestPlans.PastDay());

        Assert.All(plan.Calls.Where(c => c.Provider != Provider.Callaro), c => Assert.Null(c.CampaignId ?? c.DealId ?? c.OperatorId));
        Assert.Contains(plan.Calls, c => c.Provider == Provider.Callaro && c.DealId is not null);
        Assert.All(plan.Calls.Where(c => c.Provider == Provider.Callaro && c.Direction == Direction.Outgoing), c => Assert.NotNull(c.OperatorId));
    }

    [Theory]
    [InlineData("callaro,twilio", "")]
    [InlineData("twilio=1,vonage=2", "Internal calls")]
    [InlineData("sms", "Unknown provider 'sms'")]
    public void UnusableProviderMixesAreExplained(string providers, string expected)
    {
        string message;
        try
        {
            message = string.Join(" ", (TestPlans.PastDay() with { Providers = PlanOptions.ParseProviders(providers) }).Validate());
        }
        catch (FormatException ex)
        {
            message = ex.Message;
        }

        if (expected.Length == 0) Assert.Empty(message);
        else Assert.Contains(expected, message);
    }

    [Fact]
    public void AFutureDateIsRefusedWithAReason()
    {
        var problems = (TestPlans.PastDay() with { Date = new DateOnly(2025, 3, 21) }).Validate();

        Assert.Contains(problems, p => p.Contains("in the future"));
    }
}
