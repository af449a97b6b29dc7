using System.Text.Json.Serialization;
using Callaro.Core.CallLog;
using Callaro.Core.Settings;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callaro.Functions.CallLog;

/// <summary>One call in <c>GET /api/calls</c>.</summary>
public sealed record CallLogItemResponse(
    string CallId, string? Direction, string? Caller, string? Callee, string Status, bool Alert,
    int DurationSeconds, string Duration, string StartedAt, string StartedAtLocal, bool HasRecording, bool HasTranscript,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Outcome,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DealId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CallerE164,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CalleeE164,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OperatorId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CampaignId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RingSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FollowUpResponse? FollowUp,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OperatorName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CampaignName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DealName);

/// <summary>
/// Whether the other party of a missed or failed call was reached afterwards: <c>open</c>, or <c>calledBack</c> with the
/// callback's id, start (UTC), the seconds from the missed call's start and the link to its record.
/// </summary>
public sealed record FollowUpResponse(
    string State,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CallbackCallId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CallbackStartedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? SecondsToCallback,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CallbackLink)
{
    public static FollowUpResponse? From(FollowUp? f, string workspace) => f is null ? null : new(
        f.State == FollowUpState.Open ? "open" : "calledBack",
        f.CallbackCallId,
        f.CallbackStartedAt is { } at ? CallLogFormat.Utc(at) : null,
        f.TimeToCallback is { } t ? (long)t.TotalSeconds : null,
        f.CallbackCallId is { } id ? CallLogRoutes.CallRecord(id, workspace) : null);
}

/// <summary>A page of <c>GET /api/calls</c>.</summary>
public sealed record CallLogResponse(
    string Workspace, string Date, string To, string View, string TimeZone, string Locale,
    IReadOnlyList<CallLogItemResponse> Items, string? NextCursor, string? PrevCursor);

/// <summary><c>GET /api/calls</c>: the log as JSON.</summary>
public static class CallLogApi
{
    /// <summary>The page asked for; access and the workspace's existence are checked before (<c>[Access]</c>).</summary>
    public static async Task<Results<Ok<CallLogResponse>, ValidationProblem>> GetCallsAsync(
        HttpContext context, CallLogReader reader, ICallLogWorkspaceDefaults defaults, MissedCallFollowUps followUps, DisplayNameSource names, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var workspace = CallLogRequest.Workspace(context.Request);
        var workspaceDefaults = await defaults.GetAsync(workspace, cancellationToken);
        var (query, display, errors) = CallLogRequest.Parse(context.Request, workspaceDefaults, clock.GetUtcNow());
        if (query is null || display is null)
            return TypedResults.ValidationProblem(errors, detail: "Some query parameters are not valid; fix them and ask again.");

        CallLogPage page;
        try
        {
            page = await reader.ReadPageAsync(query, cancellationToken);
        }
        catch (CallLogCursorException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cursor"] = [e.Message] }, detail: e.Message);
        }

        var decided = await followUps.DecideAsync(workspace, workspaceDefaults.Zone, page.Items, cancellationToken: cancellationToken);
        return TypedResults.Ok(ToResponse(query, display, page, decided, await names.GetAsync(workspace, cancellationToken)));
    }

    public static CallLogResponse ToResponse(CallLogQuery query, CallLogDisplay display, CallLogPage page, IReadOnlyDictionary<string, FollowUp> followUps, DisplayNames names) => new(
        query.Workspace,
        query.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        query.To.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        CallLogViews.Word(query.View),
        display.Zone.Id,
        display.Culture.Name,
        page.Items.Select(i => new CallLogItemResponse(
            i.CallId, i.Direction is { } d ? CallLogViews.Word(d) : null, i.Caller, i.Callee, CallLogViews.Word(i.Status), i.Alert,
            i.DurationSeconds, CallLogFormat.Duration(i.DurationSeconds), CallLogFormat.Utc(i.StartedAt),
            CallLogFormat.LocalTime(i.StartedAt, display.Zone, display.Culture), i.HasRecording, i.HasTranscript, i.Outcome, i.DealId,
            i.CallerE164, i.CalleeE164, i.OperatorId, i.CampaignId, i.Alert ? i.RingSeconds : null, i.Reason,
            FollowUpResponse.From(followUps.GetValueOrDefault(i.CallId), query.Workspace),
            names.Operator(i.OperatorId), names.Campaign(i.CampaignId), names.Deal(i.DealId))).ToList(),
        page.NextCursor,
        page.PrevCursor);
}
