using System.Security.Claims;
using Callaro.Functions.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace Callaro.Functions.Access;

/// <summary>
/// <c>GET /api/access?workspace=default</c>: "can my key read this workspace?" for the sign-in page and for
/// anyone checking a key. 200 says who you are; 401/403 explain the access problem.
/// </summary>
public static class AccessApi
{
    [Function("Access")]
    [Access(AccessPolicies.Telephony, Workspace = true)]
    [TakesQuery(QuerySet.Workspace)]
    public static Ok<AccessGrant> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "access")] HttpRequest request) =>
        GetAccess(request.HttpContext.User, request.Query[QueryParameters.Workspace.Name].FirstOrDefault());

    internal static Ok<AccessGrant> GetAccess(ClaimsPrincipal user, string? workspace) =>
        TypedResults.Ok(new AccessGrant(
            user.Identity?.Name ?? "",
            workspace ?? WorkspaceAccess.DefaultWorkspace,
            user.FindAll(ClaimTypes.Role).Select(c => c.Value).Distinct().ToList(),
            user.FindAll(CallaroClaims.Workspace).Select(c => c.Value).Distinct().ToList()));
}

/// <param name="Name">The access key's configured name, or the signed-in user's name.</param>
/// <param name="Workspace">The workspace that was checked.</param>
/// <param name="Roles">The caller's roles.</param>
/// <param name="Workspaces">Every workspace the caller may read (<c>*</c> for all).</param>
public sealed record AccessGrant(string Name, string Workspace, IReadOnlyList<string> Roles, IReadOnlyList<string> Workspaces);
