using Callaro.Core.Calls;
using Azure.Data.Tables;
using Callaro.Core.Settings;

namespace Callaro.Core.CallLog;

/// <summary>Maps log, alert and number-index rows (which carry the same display columns) to items.</summary>
public static class CallLogRowMapper
{
    /// <summary>The direction column.</summary>
    public const string DirectionColumn = "Direction";
    /// <summary>The status column.</summary>
    public const string StatusColumn = "Status";

    /// <summary>The columns the log needs; nothing else is shipped.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["RowKey", "CallId", DirectionColumn, "Caller", "Callee", "CallerE164", "CalleeE164", StatusColumn, "DurationSeconds", "StartedAt", "AnsweredAt", "EndedAt",
         "ProviderStatus", "FailureReason", "OperatorId", "CampaignId", "HasRecording", "HasTranscript", "Outcome", "DealId",
         LoggedColumn, LoggedFieldsColumn];

    /// <summary>The column of what arrived for the call (<see cref="LoggingFacts.Words"/>).</summary>
    public const string LoggedColumn = "Logged";
    /// <summary>The column of the fields that hold a value (<see cref="LoggingFacts.FieldList"/>).</summary>
    public const string LoggedFieldsColumn = "LoggedFields";
    /// <summary>The operator column.</summary>
    public const string OperatorColumn = "OperatorId";
    /// <summary>The campaign column.</summary>
    public const string CampaignColumn = "CampaignId";
    /// <summary>The recording flag column.</summary>
    public const string RecordingColumn = "HasRecording";

    /// <summary>The stored word for a direction.</summary>
    public static string Word(CallDirection direction) => direction.ToString().ToLowerInvariant();

    /// <summary>The stored word for a status.</summary>
    public static string Word(CallStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Maps one row.</summary>
    public static CallLogItem ToItem(TableEntity e)
    {
        var item = Listing(e);
        return item with
        {
            Logging = LoggingFacts.FromRow(e.GetString(LoggedColumn), e.GetString(LoggedFieldsColumn), item.Status, item.StartedAt, item.AnsweredAt, item.EndedAt),
        };
    }

    private static CallLogItem Listing(TableEntity e) => new()
    {
        CallId = e.GetString("CallId") ?? "",
        Direction = Enum.TryParse<CallDirection>(e.GetString(DirectionColumn), true, out var d) ? d : null,
        Caller = e.GetString("Caller"),
        Callee = e.GetString("Callee"),
        CallerE164 = e.GetString("CallerE164"),
        CalleeE164 = e.GetString("CalleeE164"),
        Status = Enum.TryParse<CallStatus>(e.GetString(StatusColumn), true, out var s) ? s : CallStatus.Ringing,
        DurationSeconds = e.GetInt32("DurationSeconds") ?? 0,
        StartedAt = e.GetDateTimeOffset("StartedAt") ?? default,
        AnsweredAt = e.GetDateTimeOffset("AnsweredAt"),
        EndedAt = e.GetDateTimeOffset("EndedAt"),
        ProviderStatus = e.GetString("ProviderStatus"),
        FailureReason = e.GetString("FailureReason"),
        OperatorId = e.GetString(OperatorColumn),
        CampaignId = e.GetString(CampaignColumn),
        HasRecording = e.GetBoolean(RecordingColumn) ?? false,
        HasTranscript = e.GetBoolean("HasTranscript") ?? false,
        Outcome = e.GetString("Outcome"),
        DealId = e.GetString("DealId"),
    };
}
