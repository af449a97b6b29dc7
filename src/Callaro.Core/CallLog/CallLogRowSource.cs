using Callaro.Core.Calls;

namespace Callaro.Core.CallLog;

/// <summary>Filters pushed down to the storage query, so non-matching rows are not shipped to the app.</summary>
/// <param name="Direction">Only this direction, when set.</param>
/// <param name="Statuses">Only these statuses, when not empty.</param>
/// <param name="Operator">Only this operator, when set.</param>
/// <param name="Campaign">Only this campaign, when set.</param>
/// <param name="HasRecording">Only calls with (or without) a recording, when set.</param>
public sealed record CallLogRowFilter(CallDirection? Direction, IReadOnlyList<CallStatus> Statuses, string? Operator = null, string? Campaign = null, bool? HasRecording = null)
{
    /// <summary>The filters of a query that storage applies to the rows its view reads.</summary>
    public static CallLogRowFilter Of(CallLogQuery query) =>
        new(query.Direction, EffectiveStatuses(query), query.Operator, query.Campaign, query.HasRecording);

    /// <summary>True when the query's view and statuses exclude each other (missed &amp; failed, yet only completed calls).</summary>
    public static bool CannotMatch(CallLogQuery query) =>
        query.View == CallLogView.Alerts && query.Statuses.Count > 0
        && !query.Statuses.Any(s => s is CallStatus.Missed or CallStatus.Failed);

    // Number-index rows cover every status, so the alert view over a number filters by status instead.
    private static IReadOnlyList<CallStatus> EffectiveStatuses(CallLogQuery query)
    {
        if (query.View != CallLogView.Alerts || query.Number is null) return query.Statuses;
        CallStatus[] alerts = [CallStatus.Missed, CallStatus.Failed];
        return query.Statuses.Count == 0 ? alerts : alerts.Where(query.Statuses.Contains).ToArray();
    }

    /// <summary>True when the row passes (used by sources that cannot filter server-side).</summary>
    public bool Matches(CallLogItem item) =>
        (Direction is null || item.Direction == Direction) && (Statuses.Count == 0 || Statuses.Contains(item.Status))
        && (Operator is null || item.OperatorId == Operator) && (Campaign is null || item.CampaignId == Campaign)
        && (HasRecording is null || item.HasRecording == HasRecording);
}

/// <summary>One round trip's answer: rows in ascending row-key order.</summary>
/// <param name="Rows">Row key and item, ascending by row key.</param>
/// <param name="Continuation">
/// When the service stopped before <c>top</c> rows (its scan limit or time limit), its opaque token for
/// resuming the same read; null when the range was read to its end or <c>top</c> rows came back.
/// </param>
public sealed record CallLogRowBatch(IReadOnlyList<(string RowKey, CallLogItem Item)> Rows, string? Continuation);

/// <summary>
/// Reads log rows of one partition in a row-key range, one round trip per call. The seam between the
/// paging logic and Table Storage.
/// </summary>
public interface ICallLogRowSource
{
    /// <summary>
    /// Reads at most <paramref name="top"/> rows passing the filter with keys above <paramref name="lower"/>
    /// (or equal, when <paramref name="lowerInclusive"/>) and below <paramref name="upperExclusive"/>, ascending;
    /// with a <paramref name="continuation"/> from an earlier batch of the same read, resumes that read.
    /// </summary>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    Task<CallLogRowBatch> ReadAsync(string partitionKey, string lower, bool lowerInclusive, string upperExclusive, CallLogRowFilter filter, int top, string? continuation = null, CancellationToken cancellationToken = default);
}
