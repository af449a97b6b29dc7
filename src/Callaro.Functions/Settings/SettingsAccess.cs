namespace Callaro.Functions.Settings;

/// <summary>
/// Who may use the settings endpoints: readers need the telephony policy, writers the admin policy, and both
/// access to the workspace named by <c>?workspace=</c>.
/// </summary>
/// <remarks>
/// Interim: the app foundation's access control (AccessPolicies, WorkspaceAccess.RequireWorkspaceAccess) is not on
/// this branch yet. The policy names and the workspace claim below are the foundation's; once it is merged this
/// file becomes two calls to it.
/// </remarks>
internal static class SettingsAccess
{
    public const string TelephonyPolicy = "telephony";
    public const string AdminPolicy = "admin";
    private const string WorkspaceClaim = "callaro_workspace";

    public static RouteHandlerBuilder ForReaders(RouteHandlerBuilder endpoint) =>
        endpoint.RequireAuthorization(TelephonyPolicy).AddEndpointFilter(RequireWorkspace);

    public static RouteHandlerBuilder ForAdmins(RouteHandlerBuilder endpoint) =>
        endpoint.RequireAuthorization(AdminPolicy).AddEndpointFilter(RequireWorkspace);

    private static async ValueTask<object?> RequireWorkspace(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var workspace = http.Request.Query["workspace"].FirstOrDefault() ?? SettingsApi.DefaultWorkspace;
        if (http.User.Identity?.IsAuthenticated != true)
            return TypedResults.Problem(title: "Access denied: sign-in required", statusCode: StatusCodes.Status401Unauthorized,
                detail: "No credentials were sent. Send an access key as 'Authorization: Bearer <key>'. This is an access problem, not missing settings.");
        if (!http.User.FindAll(WorkspaceClaim).Any(c => c.Value == "*" || c.Value == workspace))
            return TypedResults.Problem(title: "Access denied: not allowed", statusCode: StatusCodes.Status403Forbidden,
                detail: $"You may not use workspace '{workspace}'. Ask an admin to grant it. This is an access problem, not missing settings.");
        return await next(context);
    }
}
