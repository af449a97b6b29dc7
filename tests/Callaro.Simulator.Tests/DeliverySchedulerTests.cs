using Callaro.Simulator.Planning;

namespace Callaro.Simulator.Tests;

public sealed class DeliverySchedulerTests
{
    [Fact]
    public void TheSameSeedGivesTheSameDeliveryOrder()
    {
        var plan = CallPlanGenerator.Generate(TestPlans.PastDay());

        Assert.Equal(TestPlans.Fingerprint(DeliveryScheduler.Schedule(plan)), TestPlans.Fingerprint(DeliveryScheduler.Schedule(plan)));
    }

    [Fact]
    public void EveryEventIsDeliveredOnceAndTheDuplicateShareExactlyOnceMore()
    {
        var plan = CallPlanGenerator.Generate(TestPlans.PastDay() with { Duplicates = 0.25 });
        var sent = DeliveryScheduler.Schedule(plan).SelectMany(d => d.Events).ToArray();

        Assert.Equal(plan.EventCount, sent.Count(e => !e.IsDuplicate));
        Assert.Equal((int)Math.Round(plan.EventCount * 0.25, MidpointRounding.AwayFromZero), sent.Count(e => e.IsDuplicate));
        Assert.All(sent.GroupBy(e => e.Event.EventId), g => Assert.InRange(g.Count(), 1, 2));
        Assert.All(sent.Where(e => e.IsDuplicate), d =>
            Assert.True(Array.FindIndex(sent, e => e.Event.EventId == d.Event.EventId) < Array.IndexOf(sent, d), "a duplicate follows its original"));
    }

    [Fact]
    public void TheOutOfOrderShareOfCallsArrivesShuffledAndTheRestInOrder()
    {
        var plan = CallPlanGenerator.Generate(TestPlans.PastDay() with { OutOfOrder = 0.3, Duplicates = 0 });
        var firstDeliveries = DeliveryScheduler.Schedule(plan).SelectMany(d => d.Events).Where(e => !e.IsDuplicate);
        var shuffledCalls = firstDeliveries.GroupBy(e => e.Call.Index)
            .Count(g => !g.Select(e => e.Event.Sequence).SequenceEqual(g.Select(e => e.Event.Sequence).Order()));
        var candidates = plan.Calls.Count(c => c.Events.Count >= 2);

        Assert.Equal((int)Math.Round(candidates * 0.3, MidpointRounding.AwayFromZero), shuffledCalls);
    }

    [Fact]
    public void WithoutDisturbanceEventsGoOutInTimeOrder()
    {
        var plan = CallPlanGenerator.Generate(TestPlans.PastDay() with { OutOfOrder = 0, Duplicates = 0 });
        var times = DeliveryScheduler.Schedule(plan).Select(d => d.Events[0].Event.OccurredAt).ToArray();

        Assert.Equal(times.Order(), times);
    }

    [Fact]
    public void CallaroEventsAreBatchedUpToTheBatchSizeAndProviderCallbacksGoOneByOne()
    {
        var plan = CallPlanGenerator.Generate(TestPlans.PastDay() with { CallaroBatchSize = 10 });
        var deliveries = DeliveryScheduler.Schedule(plan);

        Assert.All(deliveries.Where(d => d.Provider != Provider.Callaro), d => Assert.Single(d.Events));
        Assert.All(deliveries.Where(d => d.Provider == Provider.Callaro), d =>
        {
            Assert.InRange(d.Events.Count, 1, 10);
            Assert.All(d.Events, e => Assert.Equal(Provider.Callaro, e.Call.Provider));
        });
        Assert.Contains(deliveries, d => d.Events.Count == 10);
        Assert.Equal(Enumerable.Range(0, deliveries.Count), deliveries.Select(d => d.Number));
    }
}
