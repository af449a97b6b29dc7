using System.Security.Claims;
using Callaro.Core.Workspaces;
using Callaro.Functions.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callaro.Functions.Access;

/// <summary>
/// Per-workspace access for read endpoints: a caller sees only the workspaces their key or principal lists
/// (or all, with <c>*</c>). Use <see cref="Check"/> inside a function, or <c>[Access(..., Workspace = true)]</c>
/// on a function whose query carries the workspace.
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
}
