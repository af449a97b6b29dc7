using Callaro.Core.Calls;
using Azure.Data.Tables;

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
         "ProviderStatus", "FailureReason", "OperatorId", "CampaignId", "HasRecording", "HasTranscript", "Outcome", "DealId"];

    /// <summary>The stored word for a direction.</summary>
    public static string Word(CallDirection direction) => direction.ToString().ToLowerInvariant();

    /// <summary>The stored word for a status.</summary>
    public static string Word(CallStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Maps one row.</summary>
    public static CallLogItem ToItem(TableEntity e) => new()
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
        OperatorId = e.GetString("OperatorId"),
        CampaignId = e.GetString("CampaignId"),
        HasRecording = e.GetBoolean("HasRecording") ?? false,
        HasTranscript = e.GetBoolean("HasTranscript") ?? false,
        Outcome = e.GetString("Outcome"),
        DealId = e.GetString("DealId"),
    };
}
