using Callaro.Core.Calls;

namespace Callaro.Core.Health;

/// <summary>Keeps the <c>k</c> smallest items by a comparer, whatever order they arrive in: O(k) memory.</summary>
internal sealed class BoundedSelection<T>(int capacity, IComparer<T> comparer)
{
    // A max-heap of the kept items: the root is the first to drop when a smaller item arrives.
    private readonly PriorityQueue<T, T> _heap = new(Comparer<T>.Create((a, b) => comparer.Compare(b, a)));

    public long Seen { get; private set; }

    public void Add(T item)
    {
        Seen++;
        if (capacity <= 0)
        {
            return;
        }

        if (_heap.Count < capacity)
        {
            _heap.Enqueue(item, item);
        }
        else if (comparer.Compare(item, _heap.Peek()) < 0)
        {
            _heap.DequeueEnqueue(item, item);
        }
    }

    public List<T> Sorted()
    {
        var items = _heap.UnorderedItems.Select(e => e.Element).ToList();
        items.Sort(comparer);
        return items;
    }
}

/// <summary>
/// Delay distribution in bounded memory: exact seconds up to an hour, minutes up to a day, hours beyond.
/// Percentiles are nearest-rank over the buckets, so they are exact below an hour.
/// </summary>
internal sealed class DelayHistogram
{
    private readonly Dictionary<long, long> _buckets = [];

    public long Count { get; private set; }

    public void Add(TimeSpan delay)
    {
        var seconds = Math.Max(0, (long)delay.TotalSeconds);
        var bucket = seconds < 3600 ? seconds : seconds < 86400 ? seconds / 60 * 60 : seconds / 3600 * 3600;
        _buckets[bucket] = _buckets.GetValueOrDefault(bucket) + 1;
        Count++;
    }

    public long? Percentile(double p)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(p * Count));
        long seen = 0;
        foreach (var key in _buckets.Keys.Order())
        {
            seen += _buckets[key];
            if (seen >= rank)
            {
                return key;
            }
        }
        return null;
    }

    public DelayStats ToStats() => new(Count, Percentile(0.5), Percentile(0.95));
}

/// <summary>Totals by status, direction and hour, and talk time.</summary>
internal sealed class CallTotalsAccumulator
{
    private readonly long[] _status = new long[5];
    private readonly long[] _direction = new long[4];
    private readonly long[,] _hours = new long[24, 5];
    private long _talkSeconds;

    public long Total { get; private set; }

    public void Add(ReportCall call, TimeZoneInfo timeZone)
    {
        Total++;
        _status[(int)call.Status]++;
        _direction[call.Direction is { } d ? (int)d : 3]++;
        if (call.StartedAt is { } started)
        {
            _hours[TimeZoneInfo.ConvertTime(started, timeZone).Hour, (int)call.Status]++;
        }
        _talkSeconds += Math.Max(0, call.TalkSeconds);
    }

    public CallTotals ToTotals()
    {
        var answered = _status[(int)CallStatus.Answered] + _status[(int)CallStatus.Completed];
        var decided = answered + _status[(int)CallStatus.Missed] + _status[(int)CallStatus.Failed];
        return new CallTotals
        {
            Total = Total,
            ByStatus = Counts(i => _status[i]),
            ByDirection = new DirectionCounts(_direction[0], _direction[1], _direction[2], _direction[3]),
            AnswerRate = decided == 0 ? null : Ratio.Of(answered, decided),
            TotalTalkSeconds = _talkSeconds,
            AverageTalkSeconds = answered == 0 ? null : Math.Round((double)_talkSeconds / answered, 1, MidpointRounding.AwayFromZero),
            PerHour = Enumerable.Range(0, 24).Select(h => new HourCounts(h, Counts(s => _hours[h, s]))).ToList(),
        };
    }

    private static StatusCounts Counts(Func<int, long> at) => new(at(0), at(1), at(2), at(3), at(4));
}

/// <summary>Logged / pending / missing / unreadable for one enabled feature.</summary>
internal sealed class CompletenessAccumulator(bool enabled)
{
    private long _eligible, _logged, _pending, _missing, _unreadable;

    public bool Enabled => enabled;

    public void Logged() { _eligible++; _logged++; }
    public void Unreadable() { _eligible++; _unreadable++; }

    public void Absent(bool withinGrace)
    {
        _eligible++;
        if (withinGrace) { _pending++; } else { _missing++; }
    }

    public CompletenessCheck ToCheck() => new(enabled, _eligible, _logged, _pending, _missing, _unreadable);
}
