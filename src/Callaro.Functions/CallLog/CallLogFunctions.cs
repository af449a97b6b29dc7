using Callaro.Core.Attachments;
using Callaro.Core.CallLog;
using Callaro.Core.Calls;
using Callaro.Core.Settings;
using Callaro.Core.Workspaces;
using Callaro.Functions.Access;
using Callaro.Functions.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace Callaro.Functions.CallLog;

/// <summary>The call log as JSON (<c>/api/calls</c>) and as pages for managers (<c>/api/log</c>), with browser sign-in.</summary>
public sealed class CallLogFunctions(
    CallLogReader reader, ICallLogWorkspaceDefaults defaults, MissedCallFollowUps followUps, TimeProvider clock, CallRecordReader records, CallLoggingJudge logging,
    ICallDetails calls, IWorkspaceTimeZoneSource zones, AttachmentStore attachments, CallLogTabCounts counts, DisplayNameSource names)
{
    [Function("CallLogList")]
    [Access(AccessPolicies.Telephony, Workspace = true, KnownWorkspace = true)]
    public Task<Results<Ok<CallLogResponse>, ValidationProblem>> ListCalls(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calls")] HttpRequest request) =>
        CallLogApi.GetCallsAsync(request.HttpContext, reader, defaults, followUps, names, clock, request.HttpContext.RequestAborted);

    [Function("CallLogExport")]
    [Access(AccessPolicies.Telephony, Workspace = true, KnownWorkspace = true)]
    public Task<Results<CallLogCsvResult, ValidationProblem>> Export(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calls/export")] HttpRequest request) =>
        CallLogExport.ExportAsync(request.HttpContext, reader, defaults, names, clock, request.HttpContext.RequestAborted);

    [Function("CallGet")]
    [Access(AccessPolicies.Telephony)]
    public Task<Results<Ok<CallResponse>, ProblemHttpResult>> GetCall(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calls/{callId}")] HttpRequest request, string callId) =>
        CallApi.GetCallAsync(callId, request.HttpContext, records, attachments, logging, followUps, zones, request.HttpContext.RequestAborted);

    // The pages answer access problems themselves, with the sign-in page or a page a manager understands.
    [Function("CallLogPage")]
    public Task<IResult> LogPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "log")] HttpRequest request) =>
        CallLogPages.LogAsync(request.HttpContext, reader, defaults, followUps, counts, names, clock, request.HttpContext.RequestAborted);

    [Function("CallLogCall")]
    public Task<IResult> CallPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "log/calls/{callId}")] HttpRequest request, string callId) =>
        CallLogPages.CallAsync(callId, request.HttpContext, calls, defaults, names, request.HttpContext.RequestAborted);

    [Function("CallLogDeal")]
    public Task<IResult> DealPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "log/deals/{dealId}")] HttpRequest request, string dealId) =>
        CallLogPages.DealAsync(dealId, request.HttpContext, calls, defaults, names, request.HttpContext.RequestAborted);

    [Function("CallLogLoginPage")]
    public static IResult LoginPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "log/login")] HttpRequest request) =>
        SignIn.Page(request.HttpContext, null);

    [Function("CallLogLogin")]
    [AcceptsBody(16 * 1024, "application/x-www-form-urlencoded", "multipart/form-data")]
    public static Task<IResult> Login([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "log/login")] HttpRequest request) =>
        SignIn.LoginAsync(request.HttpContext);

    [Function("CallLogLogout")]
    public static Task<IResult> Logout([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "log/logout")] HttpRequest request) =>
        SignIn.LogoutAsync(request.HttpContext);
}
