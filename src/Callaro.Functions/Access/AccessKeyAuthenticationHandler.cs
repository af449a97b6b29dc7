using System.Security.Claims;
using System.Text.Encodings.Web;
using Callaro.Functions.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Callaro.Functions.Access;

/// <summary>
/// Identifies the caller from an access key (<c>Authorization: Bearer</c>, <c>X-Api-Key</c>, or the
/// <c>callaro_key</c> sign-in cookie) or, when trusted, from App Service Authentication. Keys are never
/// logged; only the configured key's name is.
/// </summary>
internal sealed class AccessKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    AccessKeyRing keys,
    IOptions<AccessOptions> access)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "Callaro";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedKey() is { } presented)
        {
            return Task.FromResult(AuthenticateKey(presented));
        }

        if (access.Value.TrustAppServiceAuthentication
            && Request.Headers[AppServicePrincipal.HeaderName].ToString() is { Length: > 0 } header)
        {
            return Task.FromResult(AppServicePrincipal.Parse(header, access.Value.WorkspaceClaimType) is { } principal
                ? AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName))
                : AuthenticateResult.Fail($"The {AppServicePrincipal.HeaderName} header could not be read as base64 JSON; sign in again."));
        }

        return Task.FromResult(AuthenticateResult.NoResult());
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

        if (Request.Cookies[AccessKeyDefaults.CookieName] is { Length: > 0 } cookie)
        {
            return (cookie, "the sign-in cookie");
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

        var claims = new List<Claim> { new(ClaimTypes.Name, key.Name), new(CallaroClaims.Method, "access-key") };
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
    /// The sign-in cookie holding an access key. Set it HttpOnly, Secure (except on http://127.0.0.1) and
    /// SameSite=Strict so that other sites cannot send it.
    /// </summary>
    public const string CookieName = "callaro_key";
}
