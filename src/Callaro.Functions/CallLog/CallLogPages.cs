using System.Net.Sockets;
using Azure;
using Callaro.Core.CallLog;
using Callaro.Core.Settings;
using Callaro.Core.Workspaces;
using Callaro.Functions.Hosting;
using Microsoft.AspNetCore.Authentication;

namespace Callaro.Functions.CallLog;

/// <summary>
/// The server-rendered log, call detail and deal timeline. They answer access and storage trouble with
/// pages a manager understands (sign-in, no access, temporarily unavailable) — never with an empty log.
/// </summary>
public static class CallLogPages
{
    public static Task<IResult> LogAsync(HttpContext context, CallLogReader reader, ICallLogWorkspaceDefaults defaults, MissedCallFollowUps followUps,
        CallLogTabCounts counts, DisplayNameSource names, TimeProvider clock, CancellationToken cancellationToken) =>
        GuardedAsync(context, CallLogRequest.Workspace(context.Request), async () =>
        {
            var workspace = CallLogRequest.Workspace(context.Request);
            var workspaceDefaults = await defaults.GetAsync(workspace, cancellationToken);
            var (query, display, errors) = CallLogRequest.Parse(context.Request, workspaceDefaults, clock.GetUtcNow(), CallLogView.Alerts);
            if (query is null || display is null) return CallLogViews.BadRequest(errors);
            CallLogPage page;
            try
            {
                page = await reader.ReadPageAsync(query, cancellationToken);
                // Missed & failed is the landing view only when there are any; otherwise show everything.
                if (!CallLogRequest.HasView(context.Request) && query.Cursor is null && page.Items.Count == 0)
                {
                    query = query with { View = CallLogView.All };
                    page = await reader.ReadPageAsync(query, cancellationToken);
                }
            }
            catch (CallLogCursorException e)
            {
                return CallLogViews.BadRequest(new Dictionary<string, string[]> { ["cursor"] = [e.Message] });
            }
            var decided = await followUps.DecideAsync(workspace, workspaceDefaults.Zone, page.Items, cancellationToken: cancellationToken);
            // The tab counts every missed call of the days shown, not just this page's.
            var overview = query.View == CallLogView.Alerts
                ? await followUps.OverviewAsync(workspace, workspaceDefaults.Zone, query.From, query.To, cancellationToken: cancellationToken)
                : null;
            var tabs = await counts.CountAsync(query, cancellationToken);
            return CallLogViews.LogPage(new LogPageModel(query, display, page, query.Filtered, CallLogLinks.From(context.Request), decided, overview, tabs,
                await names.GetAsync(workspace, cancellationToken)));
        });

    public static Task<IResult> CallAsync(string callId, HttpContext context, ICallDetails calls, ICallLogWorkspaceDefaults defaults, DisplayNameSource names,
        CancellationToken cancellationToken)
    {
        var workspace = CallLogRequest.Workspace(context.Request);
        return GuardedAsync(context, workspace, async () =>
        {
            CallDetailView? call;
            try { call = await calls.GetCallAsync(workspace, callId, cancellationToken); }
            catch (ArgumentException) { call = null; } // an id no call can have
            if (call is null) return CallLogViews.NotFound($"No call with id '{callId}' is logged in workspace '{workspace}'. Check the link, or find the call in the log.");
            return CallLogViews.CallPage(call, await DisplayAsync(context, defaults, workspace, cancellationToken), CallLogLinks.From(context.Request),
                await names.GetAsync(workspace, cancellationToken));
        });
    }

    public static Task<IResult> DealAsync(string dealId, HttpContext context, ICallDetails calls, ICallLogWorkspaceDefaults defaults, DisplayNameSource names,
        CancellationToken cancellationToken)
    {
        var workspace = CallLogRequest.Workspace(context.Request);
        return GuardedAsync(context, workspace, async () =>
        {
            var dealCalls = await calls.GetDealCallsAsync(workspace, dealId, cancellationToken);
            return CallLogViews.DealPage(dealId, workspace, dealCalls, await DisplayAsync(context, defaults, workspace, cancellationToken), CallLogLinks.From(context.Request),
                await names.GetAsync(workspace, cancellationToken));
        });
    }

    private static async Task<CallLogDisplay> DisplayAsync(HttpContext context, ICallLogWorkspaceDefaults defaults, string workspace, CancellationToken cancellationToken)
    {
        var d = await defaults.GetAsync(workspace, cancellationToken);
        var q = context.Request.Query;
        var zone = q["tz"].FirstOrDefault() is { } tz && CallLogFormat.FindZone(tz) is { } z ? z : d.Zone;
        var culture = (q["locale"].FirstOrDefault() is { } l ? CallLogFormat.FindCulture(l) : null)
            ?? CallLogFormat.FromAcceptLanguage(context.Request.Headers.AcceptLanguage.ToString())
            ?? (d.Locale is { } dl ? CallLogFormat.FindCulture(dl) : null)
            ?? System.Globalization.CultureInfo.GetCultureInfo("en-US");
        return new CallLogDisplay(zone, culture);
    }

    // Sign-in, role and workspace checks, then the page; storage trouble becomes the "unavailable" page.
    private static async Task<IResult> GuardedAsync(HttpContext context, string? workspace, Func<Task<IResult>> render)
    {
        if (await SignedInAsync(context) is { } gate) return gate;
        if (workspace is not null && WorkspaceId.Problem(workspace) is { } invalid)
            return CallLogViews.BadRequest(new Dictionary<string, string[]> { ["workspace"] = [invalid] });
        if (workspace is not null && !CallLogAccess.CanReadWorkspace(context.User, workspace))
            return CallLogViews.Forbidden(CallLogAccess.WorkspaceDenied(context.User, workspace));
        try
        {
            return workspace is null || await context.RequestServices.GetRequiredService<KnownWorkspaces>().ExistsAsync(workspace, context.RequestAborted)
                ? await render()
                : CallLogViews.NotFound(KnownWorkspaces.Unknown(workspace));
        }
        catch (Exception e) when (IsStorageTrouble(e) && !RequestDeadline.CallerLeft(context))
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Callaro.CallLog").LogError(e, "The call log could not be read");
            return CallLogViews.Unavailable();
        }
    }

    private static async Task<IResult?> SignedInAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync();
        if (!result.Succeeded)
        {
            // The handler's reason (an expired sign-in, a revoked key, a signed-out session) says what to do.
            var message = result.Failure?.Message;
            return SignIn.Page(context, message);
        }
        context.User = result.Principal;
        if (!await CallLogAccess.HasTelephonyAsync(context))
            return CallLogViews.Forbidden($"'{context.User.Identity?.Name}' is signed in but does not have the telephony role.");
        return null;
    }

    private static bool IsStorageTrouble(Exception e) =>
        e is RequestFailedException or HttpRequestException or TimeoutException or SocketException or OperationCanceledException
        || e.InnerException is { } inner && IsStorageTrouble(inner);
}
