using Callaro.Core.Calls;

namespace Callaro.Core.CallLog;

/// <summary>Which rows of a day the log shows.</summary>
public enum CallLogView
{
    /// <summary>Every call.</summary>
    All,
    /// <summary>Missed and failed calls only, read from the alert rows.</summary>
    Alerts,
}

/// <summary>
/// One request for a page of the call log: a workspace, a range of days in the workspace's reporting
/// time zone, filters, and an optional cursor from a previous page of the same query.
/// </summary>
public sealed record CallLogQuery
{
    /// <summary>The largest page a caller may ask for.</summary>
    public const int MaxPageSize = 200;

    /// <summary>The page size when none is given.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>The longest operator or campaign id a filter may name.</summary>
    public const int MaxIdLength = 256;

    /// <summary>The longest range of days one query may span.</summary>
    public const int MaxDays = 92;

    /// <summary>The workspace whose log is read.</summary>
    public required string Workspace { get; init; }

    /// <summary>The oldest day of the range (inclusive).</summary>
    public required DateOnly From { get; init; }

    /// <summary>The newest day of the range (inclusive); equal to <see cref="From"/> for one day.</summary>
    public required DateOnly To { get; init; }

    /// <summary>All calls, or only missed and failed ones.</summary>
    public CallLogView View { get; init; } = CallLogView.All;

    /// <summary>Only calls in this direction, when set.</summary>
    public CallDirection? Direction { get; init; }

    /// <summary>Only calls with one of these statuses, when not empty.</summary>
    public IReadOnlyList<CallStatus> Statuses { get; init; } = [];

    /// <summary>Only calls where this number is the caller or the callee, when set.</summary>
    public string? Number { get; init; }

    /// <summary>Only calls handled by this operator, when set.</summary>
    public string? Operator { get; init; }

    /// <summary>Only calls of this campaign, when set.</summary>
    public string? Campaign { get; init; }

    /// <summary>Only calls with (true) or without (false) a recording, when set.</summary>
    public bool? HasRecording { get; init; }

    /// <summary>
    /// Only calls whose logging is incomplete: a piece or expected field missing past its grace, or unreadable, under the
    /// campaign settings at read time (<see cref="Settings.AttachmentStates.HasGaps"/>).
    /// </summary>
    public bool Incomplete { get; init; }

    /// <summary>Rows per page, 1 to <see cref="MaxPageSize"/>.</summary>
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>An opaque cursor from <see cref="CallLogPage.NextCursor"/> or <see cref="CallLogPage.PrevCursor"/>.</summary>
    public string? Cursor { get; init; }

    /// <summary>True when any filter narrows the view's rows.</summary>
    public bool Filtered =>
        Direction is not null || Statuses.Count > 0 || Number is not null || Operator is not null || Campaign is not null || HasRecording is not null || Incomplete;

    /// <summary>
    /// Checks the query's own consistency. Keys are the query-string parameter names a caller used.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Workspace))
            errors["workspace"] = ["A workspace is required."];
        if (To < From)
            errors["to"] = [$"'to' ({To:yyyy-MM-dd}) must not be before 'date' ({From:yyyy-MM-dd})."];
        else if (To.DayNumber - From.DayNumber + 1 > MaxDays)
            errors["to"] = [$"A range may span at most {MaxDays} days; ask for a shorter range."];
        if (PageSize is < 1 or > MaxPageSize)
            errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        if (Number is not null && (Number.Length is 0 or > 64))
            errors["number"] = ["number must be 1 to 64 characters."];
        if (Operator is not null && (Operator.Length is 0 or > MaxIdLength))
            errors["operator"] = [$"operator must be 1 to {MaxIdLength} characters."];
        if (Campaign is not null && (Campaign.Length is 0 or > MaxIdLength))
            errors["campaign"] = [$"campaign must be 1 to {MaxIdLength} characters."];
        return errors;
    }
}
