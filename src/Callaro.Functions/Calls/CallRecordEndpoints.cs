using Callaro.Core.Calls;
using Callaro.Functions.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callaro.Functions.Calls;

/// <summary>
/// <c>GET /api/calls/{callId}?workspace=</c>: one call's record as ingestion left it (reader access). Two point
/// reads through the call-id index; never a scan.
/// </summary>
public static class CallRecordEndpoints
{
    /// <summary>Maps the call record read endpoint.</summary>
    public static RouteHandlerBuilder MapCallRecords(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/calls/{callId}", GetCallAsync)
            .WithName("GetCall")
            .WithTags("Calls")
            .RequireAuthorization(AccessPolicies.Telephony)
            .RequireWorkspaceAccess();

    internal static async Task<Results<Ok<CallRecordResponse>, ProblemHttpResult>> GetCallAsync(
        string callId, string? workspace, CallRecordReader reader, CancellationToken cancellationToken)
    {
        workspace ??= WorkspaceAccess.DefaultWorkspace;
        CallRecord? record;
        try
        {
            record = await reader.GetAsync(workspace, callId, cancellationToken);
        }
        catch (ArgumentException)
        {
            // An id Table Storage cannot hold was never stored either.
            record = null;
        }

        // A record holding only attachment events has no status yet: not a call the log shows.
        if (record?.Status is null)
        {
            return TypedResults.Problem(title: "Not found", statusCode: StatusCodes.Status404NotFound,
                detail: $"Workspace '{workspace}' has no call '{callId}'. Check the call id and the workspace (?workspace=), or wait for its first status event.");
        }

        return TypedResults.Ok(CallRecordResponse.From(record));
    }
}

/// <summary>A call record as <c>GET /api/calls/{callId}</c> answers it; enums are lowercase words.</summary>
public sealed record CallRecordResponse(
    string CallId, string Workspace, string? CampaignId, string? DealId, string? OperatorId, string? Direction,
    string? Caller, string? Callee, string Status, string? ProviderStatus, string? Provider, DateTimeOffset StartedAt,
    DateTimeOffset? AnsweredAt, DateTimeOffset? EndedAt, int DurationSeconds, string? FailureReason, ProviderRecording? Recording,
    int EventCount, IReadOnlyList<CallHistoryResponse> History)
{
    internal static CallRecordResponse From(CallRecord r) => new(
        r.CallId, r.WorkspaceId, r.CampaignId, r.DealId, r.OperatorId, Word(r.Direction), r.Caller, r.Callee, Word(r.Status)!,
        r.ProviderStatus, r.Source, r.StartedAt, r.AnsweredAt, r.EndedAt, r.DurationSeconds, r.FailureReason, r.Recording,
        r.EventCount, [.. r.History.Select(h => new CallHistoryResponse(h.Type.ToString().ToLowerInvariant(), h.OccurredAt, h.ReceivedAt, h.Source, h.ProviderStatus))]);

    private static string? Word<T>(T? value) where T : struct, Enum => value?.ToString().ToLowerInvariant();
}

/// <summary>One applied event in a call's history.</summary>
public sealed record CallHistoryResponse(string Type, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt, string Source, string? ProviderStatus);
