using Callaro.Core.CallLog;

namespace Callaro.Functions.CallLog;

/// <summary>How many calls each tab of the log holds for the days and filters shown; exact up to <see cref="CallLogTabCounts.Limit"/>.</summary>
/// <param name="Alerts">Missed and failed calls.</param>
/// <param name="All">Every call.</param>
public sealed record TabCounts(TabCount Alerts, TabCount All);

/// <summary>A count, or "at least" it when counting stopped at the limit.</summary>
public sealed record TabCount(int Calls, bool AtLeast)
{
    public override string ToString() => AtLeast ? $"{Calls}+" : Calls.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Counts the log's tabs by reading the index rows each tab's view reads (log, alert or number rows, one per call, in the
/// days' partitions) with the same filters pushed into storage, never the records. Counting stops after <see cref="Limit"/>
/// rows per tab, so a page of a busy day costs a bounded read however many calls the day holds. The "logging incomplete"
/// filter is judged on the rows read, like the reader does: when the limit stops it, the count is "at least".
/// </summary>
public sealed class CallLogTabCounts(ICallLogRowSource rows, ICallLogGapJudge gaps)
{
    /// <summary>The most rows read per tab.</summary>
    public const int Limit = 1000;

    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    public async Task<TabCounts> CountAsync(CallLogQuery query, CancellationToken cancellationToken = default) =>
        new(await CountTabAsync(query with { View = CallLogView.Alerts, Cursor = null }, cancellationToken),
            await CountTabAsync(query with { View = CallLogView.All, Cursor = null }, cancellationToken));

    private async Task<TabCount> CountTabAsync(CallLogQuery query, CancellationToken cancellationToken)
    {
        if (CallLogRowFilter.CannotMatch(query)) return new TabCount(0, AtLeast: false);
        var prefix = CallLogLayout.RowPrefix(query.View, query.Number);
        var filter = CallLogRowFilter.Of(query);
        var read = 0;
        var counted = 0;
        for (var day = query.To; day >= query.From; day = day.AddDays(-1))
        {
            string? continuation = null;
            do
            {
                var batch = await rows.ReadAsync(CallLogLayout.PartitionKey(query.Workspace, day), prefix, true, CallLogLayout.PrefixEnd(prefix), filter,
                    Limit + 1 - read, continuation, cancellationToken);
                read += batch.Rows.Count;
                foreach (var (_, item) in batch.Rows)
                    if (!query.Incomplete || await gaps.HasGapsAsync(query.Workspace, item, cancellationToken))
                        counted++;
                continuation = batch.Continuation;
            }
            while (continuation is not null && read <= Limit);
            if (read > Limit) return new TabCount(Math.Min(counted, Limit), AtLeast: true);
        }
        return new TabCount(counted, AtLeast: false);
    }
}
