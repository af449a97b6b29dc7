using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Callaro.Functions.CallLog;

/// <summary>Who may read the log: the telephony (or admin) role, and the workspace on the caller's key.</summary>
internal static class CallLogAccess
{
    public const string TelephonyPolicy = "telephony";
    public const string CookieName = "callaro_key";
    private const string WorkspaceClaim = "callaro_workspace";

    public static bool CanReadWorkspace(ClaimsPrincipal user, string workspace) =>
        user.Identity?.IsAuthenticated == true
        && user.FindAll(WorkspaceClaim).Any(c => c.Value == "*" || string.Equals(c.Value, workspace, StringComparison.Ordinal));

    public static string WorkspaceDenied(ClaimsPrincipal user, string workspace)
    {
        var who = user.Identity?.Name is { Length: > 0 } name ? $"'{name}'" : "You";
        return $"{who} may not read workspace '{workspace}'. Ask an admin to grant it, or open a workspace you have access to.";
    }

    public static async Task<bool> HasTelephonyAsync(HttpContext context) =>
        (await context.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(context.User, TelephonyPolicy)).Succeeded;
}
