using System.Collections.Concurrent;
using Callaro.Core.Calls;

namespace Callaro.Core.CallLog;

/// <summary>Whether anyone reached the other party of a missed or failed call afterwards.</summary>
public enum FollowUpState
{
    /// <summary>Nobody has reached them yet within the window: a potentially lost inquiry.</summary>
    Open,
    /// <summary>A later answered call with the same number, in either direction, reached them.</summary>
    CalledBack,
}

/// <summary>The follow-up of one missed or failed call.</summary>
/// <param name="State">Open or called back.</param>
/// <param name="CallbackCallId">The call that reached the other party.</param>
/// <param name="CallbackStartedAt">When that call started.</param>
/// <param name="TimeToCallback">From the missed call's start to the callback's start.</param>
public sealed record FollowUp(FollowUpState State, string? CallbackCallId = null, DateTimeOffset? CallbackStartedAt = null, TimeSpan? TimeToCallback = null)
{
    /// <summary>Not reached (yet).</summary>
    public static readonly FollowUp Open = new(FollowUpState.Open);
}

/// <summary>
/// Decides, when the log is read, whether missed and failed calls were followed up: a later answered call
/// (answered or completed) with the same number in its one form (<see cref="PhoneNumber.IndexForm"/>), in
/// either direction, starting within <see cref="Window"/> of the missed call's start, marks it called back;
/// the earliest such call is the callback. The decision reads only the number's index rows, one range per
/// day the window touches, and writes nothing, so ingestion keeps its transactions per event and the answer
/// cannot depend on the order in which the calls' events arrived (a callback stored before the missed call
/// still links to it).
/// </summary>
public sealed class MissedCallFollowUps
{
    /// <summary>The window when none is configured.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);

    private const int Parallelism = 8;
    private const int PageSize = 1000;
    private static readonly CallLogRowFilter Answered = new(null, [CallStatus.Answered, CallStatus.Completed]);
    private readonly ICallLogRowSource _source;

    /// <summary>Creates the decision over a row source.</summary>
    /// <param name="source">The call log's rows.</param>
    /// <param name="window">How long after a missed call a callback still counts.</param>
    /// <exception cref="ArgumentOutOfRangeException">The window is not positive.</exception>
    public MissedCallFollowUps(ICallLogRowSource source, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _source = source;
        Window = window;
    }

    /// <summary>How long after a missed call a callback still counts.</summary>
    public TimeSpan Window { get; }

    /// <summary>
    /// The follow-up of every missed or failed call among <paramref name="calls"/> that has another party
    /// (internal calls have none), by call id.
    /// </summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="zone">The workspace's reporting time zone (which day partitions the window touches).</param>
    /// <param name="calls">Calls as listed; only missed and failed ones are decided.</param>
    /// <param name="asOf">Only callbacks that started by then count (a report judges its day as of its report time); null for now.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    public async Task<IReadOnlyDictionary<string, FollowUp>> DecideAsync(string workspace, TimeZoneInfo zone, IEnumerable<CallLogItem> calls,
        DateTimeOffset? asOf = null, CancellationToken cancellationToken = default)
    {
        var byNumber = calls
            .Where(c => c.Alert && !string.IsNullOrWhiteSpace(c.Counterpart))
            .GroupBy(c => PhoneNumber.IndexForm(c.Counterpart!), StringComparer.Ordinal)
            .ToList();
        var decided = new ConcurrentDictionary<string, FollowUp>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(byNumber, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (missed, ct) =>
        {
            var from = missed.Min(c => c.StartedAt);
            var to = missed.Max(c => c.StartedAt) + Window;
            if (asOf is { } cutoff && cutoff < to) to = cutoff;
            var answered = to > from ? await ReadAnsweredAsync(workspace, zone, missed.Key, from, to, ct) : [];
            foreach (var call in missed)
                decided[call.CallId] = Decide(call, answered, to);
        });
        return decided;
    }

    /// <summary>
    /// The missed and failed calls the log's Missed &amp; failed tab holds for <paramref name="query"/>'s days and
    /// filters (its view, cursor and page size aside), with their follow-ups: what the tab counts and, for a day with
    /// no filters, what the digest reports. Read from the index rows that tab reads (alert rows, or the number's rows),
    /// newest first, at most <paramref name="limit"/> rows.
    /// </summary>
    /// <param name="query">The days, workspace and filters (direction, statuses, number, operator, campaign, recording, incomplete).</param>
    /// <param name="zone">The workspace's reporting time zone.</param>
    /// <param name="gaps">Judges the "logging incomplete" filter on the rows read; required when the query sets it.</param>
    /// <param name="asOf">Only callbacks that started by then count; null for now.</param>
    /// <param name="limit">The most rows read; <see cref="FollowUpOverview.Complete"/> says whether there were more.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <exception cref="ArgumentException">The query filters on incomplete logging and no <paramref name="gaps"/> judge was given.</exception>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    public async Task<FollowUpOverview> OverviewAsync(CallLogQuery query, TimeZoneInfo zone, ICallLogGapJudge? gaps, DateTimeOffset? asOf = null,
        int limit = FollowUpOverview.DefaultLimit, CancellationToken cancellationToken = default)
    {
        if (query.Incomplete && gaps is null) throw new ArgumentException("Filtering on incomplete logging needs a gap judge.", nameof(gaps));
        var alerts = query with { View = CallLogView.Alerts, Cursor = null };
        if (CallLogRowFilter.CannotMatch(alerts)) return new FollowUpOverview([], Complete: true);
        var prefix = CallLogLayout.RowPrefix(CallLogView.Alerts, alerts.Number);
        var filter = CallLogRowFilter.Of(alerts);
        var rows = new List<CallLogItem>();
        var complete = true;
        for (var day = alerts.To; day >= alerts.From && complete; day = day.AddDays(-1))
            complete = await ReadAllAsync(CallLogLayout.PartitionKey(alerts.Workspace, day), prefix, filter, rows, limit, cancellationToken);
        var missed = new List<CallLogItem>(rows.Count);
        foreach (var row in rows)
            if (!alerts.Incomplete || await gaps!.HasGapsAsync(alerts.Workspace, row, cancellationToken))
                missed.Add(row);
        var decided = await DecideAsync(alerts.Workspace, zone, missed, asOf, cancellationToken);
        return new FollowUpOverview(missed.Select(a => (a, decided.GetValueOrDefault(a.CallId))).ToList(), complete);
    }

    private FollowUp Decide(CallLogItem missed, IReadOnlyList<CallLogItem> answered, DateTimeOffset readUntil)
    {
        var deadline = missed.StartedAt + Window;
        if (readUntil < deadline) deadline = readUntil;
        var callback = answered
            .Where(c => c.StartedAt > missed.StartedAt && c.StartedAt <= deadline && !string.Equals(c.CallId, missed.CallId, StringComparison.Ordinal))
            .MinBy(c => (c.StartedAt, c.CallId), CallbackOrder.Instance);
        return callback is null ? FollowUp.Open
            : new FollowUp(FollowUpState.CalledBack, callback.CallId, callback.StartedAt, callback.StartedAt - missed.StartedAt);
    }

    private async Task<List<CallLogItem>> ReadAnsweredAsync(string workspace, TimeZoneInfo zone, string number, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var rows = new List<CallLogItem>();
        for (var day = CallTableKeys.LocalDate(from, zone); day <= CallTableKeys.LocalDate(to, zone); day = day.AddDays(1))
            await ReadAllAsync(CallLogLayout.PartitionKey(workspace, day), CallLogLayout.WholeNumberRowPrefix(number), Answered, rows, int.MaxValue, ct);
        return rows;
    }

    /// <returns>False when <paramref name="limit"/> rows were collected and more may exist.</returns>
    private async Task<bool> ReadAllAsync(string partition, string prefix, CallLogRowFilter filter, List<CallLogItem> into, int limit, CancellationToken ct)
    {
        var end = CallLogLayout.PrefixEnd(prefix);
        var (lower, inclusive) = (prefix, true);
        string? continuation = null;
        while (true)
        {
            var top = (int)Math.Min(PageSize, (long)limit - into.Count + 1);
            var batch = await _source.ReadAsync(partition, lower, inclusive, end, filter, top, continuation, ct);
            into.AddRange(batch.Rows.Select(r => r.Item));
            if (into.Count > limit)
            {
                into.RemoveRange(limit, into.Count - limit);
                return false;
            }
            continuation = batch.Continuation;
            if (continuation is not null) continue;
            if (batch.Rows.Count < top) return true;
            (lower, inclusive) = (batch.Rows[^1].RowKey, false);
        }
    }

    private sealed class CallbackOrder : IComparer<(DateTimeOffset StartedAt, string CallId)>
    {
        public static readonly CallbackOrder Instance = new();
        public int Compare((DateTimeOffset StartedAt, string CallId) x, (DateTimeOffset StartedAt, string CallId) y)
        {
            var byTime = x.StartedAt.UtcTicks.CompareTo(y.StartedAt.UtcTicks);
            return byTime != 0 ? byTime : string.CompareOrdinal(x.CallId, y.CallId);
        }
    }
}

/// <summary>The missed and failed calls of a range of days with their follow-ups, newest first.</summary>
/// <param name="Calls">Each missed or failed call and its follow-up (null for internal calls, which have no other party).</param>
/// <param name="Complete">False when the range held more than the limit; the counts then cover the newest ones.</param>
public sealed record FollowUpOverview(IReadOnlyList<(CallLogItem Call, FollowUp? FollowUp)> Calls, bool Complete)
{
    /// <summary>The most missed and failed calls one overview decides.</summary>
    public const int DefaultLimit = 2000;

    /// <summary>Missed and failed calls nobody has reached yet.</summary>
    public int Open => Calls.Count(c => c.FollowUp?.State == FollowUpState.Open);

    /// <summary>Missed and failed calls whose other party was reached afterwards.</summary>
    public int CalledBack => Calls.Count(c => c.FollowUp?.State == FollowUpState.CalledBack);

    /// <summary>The median time from a missed call to its callback, over the called-back ones; null when none was.</summary>
    public TimeSpan? MedianTimeToCallback
    {
        get
        {
            var times = Calls.Select(c => c.FollowUp?.TimeToCallback).OfType<TimeSpan>().Order().ToList();
            if (times.Count == 0) return null;
            return times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
        }
    }
}
