namespace Callaro.Core.Calls;

/// <summary>
/// The canonical order of events within one call: occurredAt (as an instant), then provider sequence
/// (absent sorts first), then event id (ordinal). Event ids are unique per call, so this is a total order
/// and every "latest" or "earliest" choice made with it is independent of delivery order.
/// </summary>
internal readonly record struct EventStamp(DateTimeOffset OccurredAt, long? Sequence, string EventId) : IComparable<EventStamp>
{
    public static EventStamp Of(CallEvent e) => new(e.OccurredAt.ToUniversalTime(), e.Sequence, e.EventId);

    public int CompareTo(EventStamp other)
    {
        var byTime = OccurredAt.UtcTicks.CompareTo(other.OccurredAt.UtcTicks);
        if (byTime != 0) return byTime;
        var bySequence = Nullable.Compare(Sequence, other.Sequence);
        if (bySequence != 0) return bySequence;
        return string.CompareOrdinal(EventId, other.EventId);
    }

    public static bool operator <(EventStamp a, EventStamp b) => a.CompareTo(b) < 0;
    public static bool operator >(EventStamp a, EventStamp b) => a.CompareTo(b) > 0;
}

/// <summary>A value together with the event that supplied it, so merges can pick by <see cref="EventStamp"/>.</summary>
internal sealed record Pick<T>(T Value, EventStamp Stamp)
{
    public static Pick<T>? Later(Pick<T>? a, Pick<T>? b) => a is null ? b : b is null ? a : b.Stamp > a.Stamp ? b : a;
    public static Pick<T>? Earlier(Pick<T>? a, Pick<T>? b) => a is null ? b : b is null ? a : b.Stamp < a.Stamp ? b : a;
}

/// <summary>A status-bearing event reduced to what the record shows.</summary>
internal sealed record StatusPick(CallStatus Status, string? ProviderStatus, string Source, EventStamp Stamp)
{
    /// <summary>Terminal precedence for ties at the same instant: the more alarming status wins.</summary>
    public static int Precedence(CallStatus s) => s switch
    {
        CallStatus.Failed => 2,
        CallStatus.Missed => 1,
        _ => 0,
    };

    /// <summary>Terminal order: occurredAt, then precedence (failed &gt; missed &gt; completed), then sequence, then event id.</summary>
    public static int CompareTerminal(StatusPick a, StatusPick b)
    {
        var byTime = a.Stamp.OccurredAt.UtcTicks.CompareTo(b.Stamp.OccurredAt.UtcTicks);
        if (byTime != 0) return byTime;
        var byPrecedence = Precedence(a.Status).CompareTo(Precedence(b.Status));
        if (byPrecedence != 0) return byPrecedence;
        return a.Stamp.CompareTo(b.Stamp);
    }

    /// <summary>Progress order: answered beats ringing, then sequence, then occurredAt, then event id.</summary>
    public static int CompareProgress(StatusPick a, StatusPick b)
    {
        var byRank = ((int)a.Status).CompareTo((int)b.Status); // Ringing = 0 < Answered = 1
        if (byRank != 0) return byRank;
        var bySequence = Nullable.Compare(a.Stamp.Sequence, b.Stamp.Sequence);
        if (bySequence != 0) return bySequence;
        return a.Stamp.CompareTo(b.Stamp);
    }

    public static StatusPick? Max(StatusPick? a, StatusPick? b, Comparison<StatusPick> compare) =>
        a is null ? b : b is null ? a : compare(b, a) > 0 ? b : a;
}
