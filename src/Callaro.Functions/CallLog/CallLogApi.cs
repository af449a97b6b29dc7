using System.Text.Json.Serialization;
using Callaro.Core.CallLog;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callaro.Functions.CallLog;

/// <summary>One call in <c>GET /api/calls</c>.</summary>
public sealed record CallLogItemResponse(
    string CallId, string? Direction, string? Caller, string? Callee, string Status, bool Alert,
    int DurationSeconds, string Duration, string StartedAt, string StartedAtLocal, bool HasRecording, bool HasTranscript,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Outcome,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DealId);

/// <summary>A page of <c>GET /api/calls</c>.</summary>
public sealed record CallLogResponse(
    string Workspace, string Date, string To, string View, string TimeZone, string Locale,
    IReadOnlyList<CallLogItemResponse> Items, string? NextCursor, string? PrevCursor);

/// <summary><c>GET /api/calls</c>: the log as JSON.</summary>
public static class CallLogApi
{
    public static async Task<Results<Ok<CallLogResponse>, ValidationProblem, ProblemHttpResult>> GetCallsAsync(
        HttpContext context, CallLogReader reader, ICallLogWorkspaceDefaults defaults, TimeProvider clock, CancellationToken cancellationToken)
    {
        var workspace = CallLogRequest.Workspace(context.Request);
        if (Access.WorkspaceAccess.Check(context.User, workspace) is { } denied)
            return denied;

        var (query, display, errors) = CallLogRequest.Parse(context.Request, await defaults.GetAsync(workspace, cancellationToken), clock.GetUtcNow());
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

        return TypedResults.Ok(ToResponse(query, display, page));
    }

    public static CallLogResponse ToResponse(CallLogQuery query, CallLogDisplay display, CallLogPage page) => new(
        query.Workspace,
        query.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        query.To.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        CallLogViews.Word(query.View),
        display.Zone.Id,
        display.Culture.Name,
        page.Items.Select(i => new CallLogItemResponse(
            i.CallId, i.Direction is { } d ? CallLogViews.Word(d) : null, i.Caller, i.Callee, CallLogViews.Word(i.Status), i.Alert,
            i.DurationSeconds, CallLogFormat.Duration(i.DurationSeconds), CallLogFormat.Utc(i.StartedAt),
            CallLogFormat.LocalTime(i.StartedAt, display.Zone, display.Culture), i.HasRecording, i.HasTranscript, i.Outcome, i.DealId)).ToList(),
        page.NextCursor,
        page.PrevCursor);
}
