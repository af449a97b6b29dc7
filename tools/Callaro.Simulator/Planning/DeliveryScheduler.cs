namespace Callaro.Simulator.Planning;

/// <summary>One event inside a delivery. <paramref name="IsDuplicate"/> marks a repeat of an earlier delivery.</summary>
internal sealed record ScheduledEvent(PlannedCall Call, PlannedEvent Event, bool IsDuplicate);

/// <summary>One HTTP request to make: a provider callback, or a Callaro batch of one or more events.</summary>
internal sealed record Delivery(int Number, Provider Provider, IReadOnlyList<ScheduledEvent> Events);

/// <summary>
/// Orders the plan's events the way senders deliver them: by time across all calls, then disturbed the
/// way real webhooks are — some calls' events shuffled among their own slots, some events delivered twice
/// (sometimes right away, so both copies are in flight together; sometimes much later).
/// </summary>
internal static class DeliveryScheduler
{
    public static IReadOnlyList<Delivery> Schedule(CallPlan plan)
    {
        var options = plan.Options;
        var random = new Random(unchecked(options.Seed * 7919 + 1));

        var timeline = plan.Calls
            .SelectMany(call => call.Events.Select(e => (Call: call, Event: e)))
            .OrderBy(x => x.Event.OccurredAt).ThenBy(x => x.Call.Index).ThenBy(x => x.Event.Sequence)
            .ToArray();

        ShuffleSomeCalls(random, plan, timeline, options.OutOfOrder);

        // Sort keys: originals at their index, duplicates a little or a lot after theirs.
        var keyed = timeline.Select((x, i) => (Key: (double)i, Item: new ScheduledEvent(x.Call, x.Event, false))).ToList();
        foreach (var i in Allocation.Pick(random, timeline.Length, options.Duplicates).Order())
        {
            var gap = random.NextDouble() < 0.5 ? random.NextDouble() : 1 + random.NextDouble() * 40;
            keyed.Add((i + gap, new ScheduledEvent(timeline[i].Call, timeline[i].Event, true)));
        }
        var ordered = keyed.OrderBy(k => k.Key).Select(k => k.Item);

        return Batch(ordered, options.CallaroBatchSize);
    }

    /// <summary>
    /// For the chosen share of calls with two or more events, deals the call's events into its own slots of
    /// the timeline in a different order (never the natural one), so e.g. <c>completed</c> arrives before <c>ringing</c>.
    /// </summary>
    private static void ShuffleSomeCalls(Random random, CallPlan plan, (PlannedCall Call, PlannedEvent Event)[] timeline, double share)
    {
        var candidates = plan.Calls.Where(c => c.Events.Count >= 2).ToArray();
        var chosen = Allocation.Pick(random, candidates.Length, share).Select(i => candidates[i].Index).ToHashSet();
        if (chosen.Count == 0) return;

        var slots = new Dictionary<int, List<int>>();
        for (var i = 0; i < timeline.Length; i++)
        {
            if (!chosen.Contains(timeline[i].Call.Index)) continue;
            if (!slots.TryGetValue(timeline[i].Call.Index, out var list)) slots[timeline[i].Call.Index] = list = [];
            list.Add(i);
        }
        foreach (var positions in slots.Values)
        {
            var items = positions.Select(p => timeline[p]).ToArray();
            var shuffled = items.ToArray();
            do { random.Shuffle(shuffled); } while (shuffled.SequenceEqual(items));
            for (var k = 0; k < positions.Count; k++) timeline[positions[k]] = shuffled[k];
        }
    }

    /// <summary>Groups consecutive Callaro events into arrays of up to <paramref name="batchSize"/>; provider callbacks go one by one.</summary>
    private static IReadOnlyList<Delivery> Batch(IEnumerable<ScheduledEvent> ordered, int batchSize)
    {
        var deliveries = new List<Delivery>();
        var pending = new List<ScheduledEvent>();
        void Flush()
        {
            if (pending.Count == 0) return;
            deliveries.Add(new Delivery(deliveries.Count, Provider.Callaro, pending.ToArray()));
            pending.Clear();
        }
        foreach (var item in ordered)
        {
            if (item.Call.Provider != Provider.Callaro)
            {
                deliveries.Add(new Delivery(deliveries.Count, item.Call.Provider, [item]));
                continue;
            }
            pending.Add(item);
            if (pending.Count >= batchSize) Flush();
        }
        Flush();
        return deliveries;
    }
}
