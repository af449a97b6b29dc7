using Callaro.Core.Attachments;
using Callaro.Core.CallLog;
using Callaro.Core.Calls;
using Callaro.Core.Settings;
using Callaro.Core.Workspaces;
using Callaro.Functions.Access;
using Callaro.Functions.Problems;
using Callaro.Functions.Settings;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callaro.Functions.CallLog;

/// <summary>One call as <c>GET /api/calls/{callId}</c> returns it: everything logged.</summary>
public sealed record CallResponse(
    string CallId, string Workspace, string? CampaignId, string? DealId, string? OperatorId, string? Direction, string? Caller, string? Callee,
    string Status, bool Alert, string? ProviderStatus, string? Source, string? StartedAt, string? AnsweredAt, string? EndedAt,
    int DurationSeconds, string Duration, string? FailureReason, string? Outcome, string? Summary,
    IReadOnlyDictionary<string, string> Fields, IReadOnlyList<CallHistoryResponse> History, IReadOnlyList<CallCrmView> Crm,
    CallLoggingResponse Logging,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? CallerE164,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? CalleeE164,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] int? RingSeconds,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] FollowUpResponse? FollowUp,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] RecordingResponse? Recording,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] TranscriptResponse? Transcript,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? OperatorName,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? CampaignName,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? DealName);

/// <summary>
/// The call's recording. <c>attached</c> is true once the audio file arrived: it then has its content type, size,
/// duration, channels, arrival time (UTC) and <c>link</c> (the endpoint that answers with a short-lived read link).
/// A recording only the provider reported has its duration and channels, and no link.
/// </summary>
public sealed record RecordingResponse(bool Attached, string? ContentType, long? SizeBytes, double? DurationSeconds, int? Channels, string? ArrivedAt, string? Link)
{
    public static RecordingResponse? From(CallRecordingView? r, string link) => r is null ? null
        : new(r.Attached, r.ContentType, r.SizeBytes, r.DurationSeconds, r.Channels, LoggingStateResponse.Utc(r.ArrivedAt), r.Attached ? link : null);
}

/// <summary>
/// The call's transcript: <c>state</c> <c>logged</c> (language, word count, a preview and <c>link</c>, the normalised
/// segments) or <c>unreadable</c> (<c>problem</c>, the sentence managers see, and <c>reason</c>, the parser's detail).
/// </summary>
public sealed record TranscriptResponse(string State, string? Language, int? WordCount, string? Preview, string? ArrivedAt, string? Link, string? Problem, string? Reason)
{
    public static TranscriptResponse? From(CallTranscriptView? t, string link) => t is null ? null
        : new(t.State, t.Language, t.WordCount, t.Preview, LoggingStateResponse.Utc(t.ArrivedAt), t.State == "logged" ? link : null, t.Problem, t.Reason);
}

/// <summary>
/// What was logged for the call, judged now against its campaign's settings: each piece's <c>state</c> is
/// <c>logged</c>, <c>pending</c>, <c>missing</c>, <c>notEnabled</c>, <c>unreadable</c> or <c>notExpected</c>.
/// </summary>
public sealed record CallLoggingResponse(
    LoggingStateResponse OutcomeAndSummary, LoggingStateResponse Transcript, LoggingStateResponse Recording, LoggingStateResponse CrmActivity,
    IReadOnlyList<FieldLoggingResponse> Fields)
{
    public static CallLoggingResponse From(CallCompletenessView v) => new(
        LoggingStateResponse.From(v.OutcomeAndSummary), LoggingStateResponse.From(v.Transcript), LoggingStateResponse.From(v.Recording),
        LoggingStateResponse.From(v.CrmActivity), v.Fields.Select(FieldLoggingResponse.From).ToList());
}

/// <summary>One piece's state; <c>pendingUntil</c> (UTC) is when its grace period ends, once the call has ended.</summary>
public sealed record LoggingStateResponse(string State, string? PendingUntil, string? Reason)
{
    public static LoggingStateResponse From(AttachmentStatusView v) => new(v.State, Utc(v.PendingUntil), v.Reason);

    internal static string? Utc(DateTimeOffset? t) => t is { } v ? CallLogFormat.Utc(v) : null;
}

/// <summary>One field: its state, which system owns it (<c>callaro</c> or <c>crm</c>) and the value shown.</summary>
public sealed record FieldLoggingResponse(string Name, bool Expected, string Owner, string State, string? Value, string? PendingUntil, string? Reason)
{
    public static FieldLoggingResponse From(FieldStatusView v) =>
        new(v.Name, v.Expected, v.Owner, v.State, v.Value, LoggingStateResponse.Utc(v.PendingUntil), v.Reason);
}

/// <summary>One applied event.</summary>
public sealed record CallHistoryResponse(string Type, string OccurredAt, string? ReceivedAt, string? Source);

/// <summary><c>GET /api/calls/{callId}</c>: the call record, found through the call-id index (never a scan).</summary>
public static class CallApi
{
    public static async Task<Results<Ok<CallResponse>, ProblemHttpResult>> GetCallAsync(
        string callId, HttpContext context, CallRecordReader records, AttachmentStore attachments, CallLoggingJudge logging, MissedCallFollowUps followUps,
        IWorkspaceTimeZoneSource zones, DisplayNameSource names, CancellationToken cancellationToken)
    {
        var workspace = CallLogRequest.Workspace(context.Request);
        if (WorkspaceAccess.Check(context.User, workspace) is { } denied) return denied;
        CallRecord? record;
        try { record = await records.GetAsync(workspace, callId, cancellationToken); }
        catch (ArgumentException) { record = null; } // an id no call can have
        if (record is null)
            return CallaroProblems.NotFound($"No call '{callId}' is logged in workspace '{workspace}'. Check the id (and the workspace parameter), or list the day's calls at /api/calls.");
        // One read of the attachments serves both what arrived and the logging states.
        var attached = await attachments.GetAsync(workspace, record.CallId, cancellationToken);
        var v = StoredCallDetails.WithAttachments(StoredCallDetails.ToView(record), attached);
        var logged = await logging.JudgeAsync(record, attached, cancellationToken);
        var links = new CallLogLinks(workspace);
        var item = record.Status is null ? null : CallLogItem.Of(record);
        var followUp = item is { Alert: true }
            ? (await followUps.DecideAsync(workspace, await zones.GetReportingTimeZoneAsync(workspace, cancellationToken), [item], cancellationToken: cancellationToken)).GetValueOrDefault(item.CallId)
            : null;
        var named = await names.GetAsync(workspace, cancellationToken);
        return TypedResults.Ok(new CallResponse(
            v.CallId, v.Workspace, v.CampaignId, v.DealId, v.OperatorId, v.Direction, v.Caller, v.Callee, v.Status, record.IsAlert, v.ProviderStatus, v.Provider,
            Utc(v.StartedAt), Utc(v.AnsweredAt), Utc(v.EndedAt), v.DurationSeconds, CallLogFormat.Duration(v.DurationSeconds), v.FailureReason,
            v.Outcome, v.Summary, v.Fields.ToDictionary(f => f.Key, f => f.Value),
            v.History.Select(h => new CallHistoryResponse(h.Type, CallLogFormat.Utc(h.OccurredAt), Utc(h.ReceivedAt), h.Source)).ToList(),
            v.Crm, CallLoggingResponse.From(logged), item?.CallerE164, item?.CalleeE164, item is { Alert: true } ? item.RingSeconds : null, item?.Reason,
            FollowUpResponse.From(followUp, workspace), RecordingResponse.From(v.Recording, links.Recording(v.CallId)),
            TranscriptResponse.From(v.Transcript, links.Transcript(v.CallId)),
            named.Operator(v.OperatorId), named.Campaign(v.CampaignId), named.Deal(v.DealId)));
    }

    private static string? Utc(DateTimeOffset? t) => t is { } v ? CallLogFormat.Utc(v) : null;
}
