using System.Security.Claims;
using Callaro.Core.Workspaces;
using Callaro.Functions.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callaro.Functions.Access;

/// <summary>
/// Per-workspace access for read endpoints: a caller sees only the workspaces their key or principal lists
/// (or all, with <c>*</c>). Use <see cref="Check"/> inside a handler, or <see cref="RequireWorkspaceAccess{TBuilder}"/>
/// on an endpoint whose route or query carries the workspace.
/// </summary>
public static class WorkspaceAccess
{
    /// <summary>The workspace a request means when it names none.</summary>
    public const string DefaultWorkspace = WorkspaceId.Default;

    public const string AllWorkspaces = WorkspaceId.AllWorkspaces;

    /// <summary>True when the caller's grants include <paramref name="workspace"/>; never for an id that breaks the workspace rule.</summary>
    public static bool CanReadWorkspace(this ClaimsPrincipal user, string workspace) =>
        user.Identity?.IsAuthenticated == true
        && WorkspaceId.IsValid(workspace)
        && user.FindAll(CallaroClaims.Workspace).Any(c => c.Value == AllWorkspaces || string.Equals(c.Value, workspace, StringComparison.Ordinal));

    /// <returns>
    /// null when <paramref name="user"/> may read <paramref name="workspace"/>; otherwise the 401 (nobody signed in),
    /// 400 (not a workspace id, checked before anything is read) or 403 to return.
    /// </returns>
    public static ProblemHttpResult? Check(ClaimsPrincipal user, string workspace)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return CallaroProblems.Unauthenticated("No credentials were sent. Send an access key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.");
        }

        if (WorkspaceId.Problem(workspace) is { } invalid)
        {
            return InvalidWorkspace(invalid);
        }

        if (user.CanReadWorkspace(workspace))
        {
            return null;
        }

        var who = user.Identity.Name is { Length: > 0 } name ? $"'{name}'" : "You";
        var allowed = user.FindAll(CallaroClaims.Workspace).Select(c => c.Value).ToList();
        return CallaroProblems.Forbidden(
            $"{who} may not read workspace '{workspace}'" +
            (allowed.Count == 0 ? " (no workspace is granted)." : $" (granted: {string.Join(", ", allowed)}).") +
            " Ask an admin to grant it, or open a workspace you have access to.");
    }

    /// <summary>400 naming the <c>workspace</c> parameter.</summary>
    public static ProblemHttpResult InvalidWorkspace(string problem) =>
        TypedResults.Problem(
            title: "One or more validation errors occurred.",
            detail: "Nothing was read or changed. Name a valid workspace.",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["workspace"] = [problem] } });

    /// <summary>
    /// Rejects the request with 400 or 403 unless the caller may read the workspace named by the route value or
    /// query parameter <paramref name="parameterName"/> (<see cref="DefaultWorkspace"/> when absent).
    /// </summary>
    public static TBuilder RequireWorkspaceAccess<TBuilder>(this TBuilder builder, string parameterName = "workspace")
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var workspace = http.Request.RouteValues[parameterName] as string
                ?? http.Request.Query[parameterName].FirstOrDefault()
                ?? DefaultWorkspace;
            return Check(http.User, workspace) is { } problem ? problem : await next(context);
        });
}
