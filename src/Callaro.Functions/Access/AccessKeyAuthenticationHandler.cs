using System.Security.Claims;
using System.Text.Encodings.Web;
using Callaro.Functions.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Callaro.Functions.Access;

/// <summary>
/// Identifies the caller from an access key (<c>Authorization: Bearer</c>, <c>X-Api-Key</c>), from the
/// signed session of a browser sign-in (<c>callaro_session</c> cookie), or, when trusted, from App Service
/// Authentication. Keys are never logged; only the configured key's name is.
/// </summary>
internal sealed class AccessKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    AccessKeyRing keys,
    SessionTokens sessions,
    EndedSessions endedSessions,
    IOptions<AccessOptions> access)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "Callaro";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedKey() is { } presented)
        {
            return AuthenticateKey(presented);
        }

        if (Request.Cookies[AccessKeyDefaults.SessionCookieName] is { Length: > 0 } cookie)
        {
            return await AuthenticateSessionAsync(cookie);
        }

        if (access.Value.TrustAppServiceAuthentication
            && Request.Headers[AppServicePrincipal.HeaderName].ToString() is { Length: > 0 } header)
        {
            return AppServicePrincipal.Parse(header, access.Value.WorkspaceClaimType) is { } principal
                ? AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName))
                : AuthenticateResult.Fail($"The {AppServicePrincipal.HeaderName} header could not be read as base64 JSON; sign in again.");
        }

        return AuthenticateResult.NoResult();
    }

    private async Task<AuthenticateResult> AuthenticateSessionAsync(string cookie)
    {
        // Signature and expiry first: a forged or stale cookie costs no storage work.
        if (sessions.Read(cookie) is not { } session)
        {
            return AuthenticateResult.Fail("Your sign-in has expired or is not valid. Sign in again.");
        }

        if (keys.FindByHash(session.KeyHash) is not { } key)
        {
            return AuthenticateResult.Fail("The access key you signed in with is no longer valid (revoked). Sign in with a current key.");
        }

        if (await endedSessions.HasEndedAsync(session, Context.RequestAborted))
        {
            return AuthenticateResult.Fail("You signed out of this session. Sign in again.");
        }

        return Success(key, "session", session.Id);
    }

    private (string Key, string Source)? PresentedKey()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return (authorization["Bearer ".Length..].Trim(), "the Authorization header");
        }

        if (Request.Headers[AccessKeyDefaults.HeaderName].ToString() is { Length: > 0 } apiKey)
        {
            return (apiKey.Trim(), "the " + AccessKeyDefaults.HeaderName + " header");
        }

        return null;
    }

    private AuthenticateResult AuthenticateKey((string Key, string Source) presented)
    {
        var key = keys.Find(presented.Key);
        if (key is null)
        {
            Logger.LogInformation("Rejected an unknown access key from {Source}", presented.Source);
            return AuthenticateResult.Fail(
                $"The access key sent in {presented.Source} is not valid (unknown, mistyped, or revoked). Check the key, or ask an admin for a new one.");
        }

        return Success(key, "access-key", sessionId: null);
    }

    private static AuthenticateResult Success(AccessKeyOptions key, string method, string? sessionId)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, key.Name), new(CallaroClaims.Method, method) };
        claims.AddRange(key.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(key.Workspaces.Select(w => new Claim(CallaroClaims.Workspace, w)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, "AccessKey", ClaimTypes.Name, ClaimTypes.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}

/// <summary>Where access keys are read from, for clients and the sign-in page.</summary>
public static class AccessKeyDefaults
{
    public const string HeaderName = "X-Api-Key";

    /// <summary>
    /// The sign-in cookie holding a signed, expiring session (never the access key). HttpOnly, SameSite=Strict,
    /// and Secure whenever the public URL is https.
    /// </summary>
    public const string SessionCookieName = "callaro_session";
}
