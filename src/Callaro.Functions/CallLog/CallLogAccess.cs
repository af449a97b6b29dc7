using System.Security.Claims;
using Callaro.Functions.Access;
using Microsoft.AspNetCore.Authorization;

namespace Callaro.Functions.CallLog;

/// <summary>Who may read the log: the telephony (or admin) role, and the workspace on the caller's key.</summary>
internal static class CallLogAccess
{
    public const string TelephonyPolicy = AccessPolicies.Telephony;
    public const string CookieName = AccessKeyDefaults.SessionCookieName;
    public const string KeyHeader = AccessKeyDefaults.HeaderName;

    public static bool CanReadWorkspace(ClaimsPrincipal user, string workspace) => user.CanReadWorkspace(workspace);

    public static string WorkspaceDenied(ClaimsPrincipal user, string workspace)
    {
        var who = user.Identity?.Name is { Length: > 0 } name ? $"'{name}'" : "You";
        var granted = user.FindAll(CallaroClaims.Workspace).Select(c => c.Value).ToList();
        return $"{who} may not read workspace '{workspace}'" + (granted.Count == 0 ? "" : $" (granted: {string.Join(", ", granted)})") +
            ". Ask an admin to grant it, or open a workspace you have access to.";
    }

    public static async Task<bool> HasTelephonyAsync(HttpContext context) =>
        (await context.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(context.User, TelephonyPolicy)).Succeeded;
}
