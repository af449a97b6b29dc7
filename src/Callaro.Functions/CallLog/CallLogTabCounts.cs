using Callaro.Core.CallLog;
using Callaro.Core.Calls;

namespace Callaro.Functions.CallLog;

/// <summary>How many calls each tab of the log holds for the days shown; exact up to <see cref="CallLogTabCounts.Limit"/>.</summary>
/// <param name="Alerts">Missed and failed calls.</param>
/// <param name="All">Every call.</param>
public sealed record TabCounts(TabCount Alerts, TabCount All);

/// <summary>A count, or "at least" it when the days shown hold more than the counting limit.</summary>
public sealed record TabCount(int Calls, bool AtLeast)
{
    public override string ToString() => AtLeast ? $"{Calls}+" : Calls.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Counts the log's tabs by reading their index rows (one per call, in the days' partitions), never the records. Counting
/// stops at <see cref="Limit"/> rows per tab, so a page of a busy day costs a bounded read however many calls the day holds.
/// </summary>
public sealed class CallLogTabCounts(ICallLogRowSource rows)
{
    /// <summary>The most rows counted per tab.</summary>
    public const int Limit = 1000;

    private static readonly CallLogRowFilter Every = new(null, []);

    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    public async Task<TabCounts> CountAsync(string workspace, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        new(await CountAsync(workspace, from, to, CallLogLayout.AlertPrefix, cancellationToken),
            await CountAsync(workspace, from, to, CallLogLayout.LogPrefix, cancellationToken));

    private async Task<TabCount> CountAsync(string workspace, DateOnly from, DateOnly to, string prefix, CancellationToken cancellationToken)
    {
        var counted = 0;
        for (var day = to; day >= from; day = day.AddDays(-1))
        {
            string? continuation = null;
            do
            {
                var batch = await rows.ReadAsync(CallLogLayout.PartitionKey(workspace, day), prefix, true, CallTableKeys.PrefixEnd(prefix), Every,
                    Limit + 1 - counted, continuation, cancellationToken);
                counted += batch.Rows.Count;
                continuation = batch.Continuation;
            }
            while (continuation is not null && counted <= Limit);
            if (counted > Limit) return new TabCount(Limit, AtLeast: true);
        }
        return new TabCount(counted, AtLeast: false);
    }
}
