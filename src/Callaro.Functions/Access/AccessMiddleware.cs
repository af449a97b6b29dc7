using System.Reflection;
using Callaro.Core.Workspaces;
using Callaro.Functions.Configuration;
using Callaro.Functions.Hosting;
using Callaro.Functions.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Callaro.Functions.Access;

/// <summary>On a function: the caller needs <paramref name="policy"/> (<see cref="AccessPolicies"/>), and with
/// <see cref="Workspace"/> also read access to the workspace named by <c>?workspace=</c> (default <c>default</c>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AccessAttribute(string policy) : Attribute
{
    public string Policy { get; } = policy;

    public bool Workspace { get; init; }

    /// <summary>With <see cref="Workspace"/>: a workspace that never received a call or settings answers 404 naming it,
    /// so a mistyped name is not mistaken for a quiet day.</summary>
    public bool KnownWorkspace { get; init; }
}

/// <summary>
/// On a function whose senders prove themselves by a signature (the telephony webhooks): their Authorization
/// header carries a provider's token (Vonage's JWT), not an access key, so access keys are not looked at, and a
/// rejected key is not logged on every delivery.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SignedBySenderAttribute : Attribute;

/// <summary>
/// Identifies the caller of every HTTP function (access key, sign-in cookie, or trusted App Service principal)
/// and enforces the function's <see cref="AccessAttribute"/>: 401 when nobody could be identified, 403 when the
/// caller lacks the role or the workspace, both problem+json that say they are about access.
/// </summary>
internal sealed class AccessMiddleware(IAuthorizationService authorization, IOptions<AccessOptions> options, KnownWorkspaces workspaces) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http || FunctionMetadata.Get<SignedBySenderAttribute>(context) is not null)
        {
            await next(context);
            return;
        }

        var authenticated = await http.AuthenticateAsync();
        if (authenticated.Succeeded)
        {
            http.User = authenticated.Principal;
        }

        if (FunctionMetadata.Get<AccessAttribute>(context) is { } access && await DeniedAsync(http, authenticated, access) is { } denied)
        {
            context.GetInvocationResult().Value = denied;
            return;
        }

        await next(context);
    }

    private async Task<IResult?> DeniedAsync(HttpContext http, AuthenticateResult authenticated, AccessAttribute access)
    {
        if (!authenticated.Succeeded)
        {
            http.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
            return CallaroProblems.Unauthenticated(authenticated.Failure?.Message ?? NoCredentialsDetail());
        }

        if (!(await authorization.AuthorizeAsync(http.User, access.Policy)).Succeeded)
        {
            var who = http.User.Identity?.Name is { Length: > 0 } name ? $"'{name}'" : "You";
            return CallaroProblems.Forbidden($"{who} is signed in but does not have the {access.Policy} role. Ask an admin to grant it.");
        }

        if (!access.Workspace)
        {
            return null;
        }

        var workspace = http.Request.Query[OpenApi.QueryParameters.Workspace.Name].FirstOrDefault() ?? WorkspaceAccess.DefaultWorkspace;
        if (WorkspaceAccess.Check(http.User, workspace) is { } denied)
        {
            return denied;
        }

        // Only after the workspace check, so nobody learns which workspaces exist beyond those granted to them.
        return access.KnownWorkspace && !await workspaces.ExistsAsync(workspace, http.RequestAborted)
            ? CallaroProblems.UnknownWorkspace(workspace)
            : null;
    }

    private string NoCredentialsDetail() =>
        "No credentials were sent. Send an access key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'"
        + (options.Value.TrustAppServiceAuthentication ? ", or sign in through App Service Authentication." : ".");
}
