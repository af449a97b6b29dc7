using Callaro.Simulator.Planning;

namespace Callaro.Simulator.Tests;

internal static class TestPlans
{
    public static readonly DateOnly Day = new(2025, 3, 14);

    /// <summary>Options for a finished past day: nothing is clamped by "now".</summary>
    public static PlanOptions PastDay(int calls = 300, int seed = 42) => new()
    {
        Calls = calls,
        Date = Day,
        NotAfter = new DateTimeOffset(2025, 3, 20, 0, 0, 0, TimeSpan.Zero),
        Seed = seed,
    };

    /// <summary>A stable text form of a plan, so two plans can be compared field by field.</summary>
    public static string Fingerprint(CallPlan plan) => string.Join("\n", plan.Calls.Select(c =>
        $"{c.Index}|{c.Provider}|{c.CallId}|{c.AlternateCallId}|{c.Direction}|{c.Caller}|{c.Callee}|{c.Outcome}|{c.MissReason}|{c.SipCode}|" +
        $"{c.StartedAt:O}|{c.AnsweredAt:O}|{c.EndedAt:O}|{c.TalkSeconds}|{c.CampaignId}|{c.DealId}|{c.OperatorId}|{c.Report?.Outcome}|" +
        string.Join(",", c.Events.Select(e => $"{e.Kind}@{e.OccurredAt:O}#{e.EventId}"))));

    public static string Fingerprint(IEnumerable<Delivery> deliveries) => string.Join("\n", deliveries.Select(d =>
        $"{d.Number}|{d.Provider}|" + string.Join(",", d.Events.Select(e => $"{e.Event.EventId}{(e.IsDuplicate ? "*" : "")}"))));
}
