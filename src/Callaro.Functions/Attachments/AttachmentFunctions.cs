using Callaro.Core.Attachments;
using Callaro.Functions.Access;
using Callaro.Functions.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Callaro.Functions.Attachments;

/// <summary><c>GET /api/calls/{callId}/recording</c> and <c>/transcript</c>: telephony access to the call's workspace, like the call itself.</summary>
public sealed class AttachmentFunctions(AttachmentStore store, IOptions<AttachmentOptions> options, TimeProvider clock)
{
    [Function("CallRecording")]
    [Access(AccessPolicies.Telephony, Workspace = true)]
    [TakesQuery(QuerySet.Recording)]
    public Task<Results<RedirectHttpResult, Ok<RecordingLink>, ProblemHttpResult>> Recording(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calls/{callId}/recording")] HttpRequest request, string callId) =>
        AttachmentEndpoints.GetRecordingAsync(callId, request.Query[QueryParameters.Workspace.Name].FirstOrDefault(), Redirect(request), request.HttpContext, store, options, clock);

    [Function("CallTranscript")]
    [Access(AccessPolicies.Telephony, Workspace = true)]
    [TakesQuery(QuerySet.Workspace)]
    public Task<Results<FileContentHttpResult, ProblemHttpResult>> Transcript(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calls/{callId}/transcript")] HttpRequest request, string callId) =>
        AttachmentEndpoints.GetTranscriptAsync(callId, request.Query[QueryParameters.Workspace.Name].FirstOrDefault(), request.HttpContext, store);

    private static bool? Redirect(HttpRequest request) =>
        bool.TryParse(request.Query[QueryParameters.Redirect.Name].FirstOrDefault(), out var redirect) ? redirect : null;
}
