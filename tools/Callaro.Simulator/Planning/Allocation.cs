namespace Callaro.Simulator.Planning;

/// <summary>
/// Turns shares into exact counts and deals them out in a seeded random order, so "--missed 0.2" over
/// 300 calls means exactly 60 missed calls, not "about 60": the tests and the report can rely on it.
/// </summary>
internal static class Allocation
{
    /// <summary>Splits <paramref name="total"/> by relative <paramref name="weights"/> (largest remainder; ties to the earlier weight).</summary>
    public static int[] Counts(int total, IReadOnlyList<double> weights)
    {
        var sum = weights.Sum();
        var counts = new int[weights.Count];
        if (total <= 0 || sum <= 0) return counts;
        var remainders = new double[weights.Count];
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = total * weights[i] / sum;
            counts[i] = (int)Math.Floor(exact);
            remainders[i] = exact - counts[i];
        }
        var left = total - counts.Sum();
        foreach (var i in Enumerable.Range(0, weights.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take(left))
        {
            counts[i]++;
        }
        return counts;
    }

    /// <summary>A shuffled list holding each value <c>counts[i]</c> times.</summary>
    public static T[] Deal<T>(Random random, IReadOnlyList<T> values, IReadOnlyList<int> counts)
    {
        var items = values.SelectMany((value, i) => Enumerable.Repeat(value, counts[i])).ToArray();
        random.Shuffle(items);
        return items;
    }

    /// <summary>Picks exactly <c>round(share × count)</c> distinct indexes out of <paramref name="count"/>.</summary>
    public static HashSet<int> Pick(Random random, int count, double share)
    {
        var indexes = Enumerable.Range(0, count).ToArray();
        random.Shuffle(indexes);
        return indexes.Take((int)Math.Round(count * share, MidpointRounding.AwayFromZero)).ToHashSet();
    }

    /// <summary>Chooses by relative weights.</summary>
    public static T Weighted<T>(Random random, IReadOnlyList<(T Value, double Weight)> choices)
    {
        var roll = random.NextDouble() * choices.Sum(c => c.Weight);
        foreach (var (value, weight) in choices)
        {
            if (roll < weight) return value;
            roll -= weight;
        }
        return choices[^1].Value;
    }
}
