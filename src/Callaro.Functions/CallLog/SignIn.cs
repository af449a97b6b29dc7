using System.Security.Cryptography;
using Callaro.Functions.Access;
using Callaro.Functions.Configuration;
using Callaro.Functions.Problems;
using Microsoft.Extensions.Options;

namespace Callaro.Functions.CallLog;

/// <summary>
/// Browser sign-in with an access key: the key is checked once and the browser gets a server-signed session
/// that expires (<see cref="SessionTokens"/>) in an HttpOnly, SameSite=Strict cookie, Secure whenever the
/// public URL is https; the key itself is never stored in the browser. Signing out ends the session on the
/// server too. The form is protected against cross-site posts twice: a double-submit token (a SameSite=Strict
/// cookie that must match the form field) and an Origin check when the browser sends one.
/// </summary>
public static class SignIn
{
    private const string CsrfCookie = "callaro_signin";

    /// <summary>The sign-in page (401), with a fresh form token.</summary>
    public static IResult Page(HttpContext context, string? message, string? returnUrlFromForm = null)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(24));
        context.Response.Cookies.Append(CsrfCookie, token, CookieOptions(context, TimeSpan.FromHours(1), path: CallLogRoutes.Login));
        var returnUrl = context.Request.Path.StartsWithSegments(CallLogRoutes.Login)
            ? SafeReturnUrl(returnUrlFromForm ?? context.Request.Query["returnUrl"].FirstOrDefault())
            : context.Request.Path + context.Request.QueryString;
        return CallLogViews.SignInPage(message, returnUrl, token);
    }

    public static async Task<IResult> LoginAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
            return CallLogViews.BadRequest(new Dictionary<string, string[]> { ["key"] = ["Send the sign-in form."] });
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = SafeReturnUrl(form["returnUrl"]);
        if (!SameOrigin(context) || !TokenMatches(context, form["csrf"]))
            return Page(context, "The sign-in form expired or came from another site. Enter your key again.", returnUrl);

        var key = form["key"].ToString().Trim();
        if (key.Length == 0) return Page(context, "Enter an access key.", returnUrl);
        if (context.RequestServices.GetRequiredService<AccessKeyRing>().Find(key) is null)
            return Page(context, "That access key is not valid (unknown, mistyped or revoked). Check it, or ask an admin for a new one.", returnUrl);

        var (_, token) = context.RequestServices.GetRequiredService<SessionTokens>().Issue(AccessKeyHash.Hash(key));
        context.Response.Cookies.Append(CallLogAccess.CookieName, token, CookieOptions(context, SessionTokens.Lifetime, path: "/"));
        context.Response.Cookies.Delete(CsrfCookie, new CookieOptions { Path = CallLogRoutes.Login });
        return Results.Redirect(returnUrl);
    }

    public static async Task<IResult> LogoutAsync(HttpContext context)
    {
        if (!SameOrigin(context)) return Results.StatusCode(StatusCodes.Status403Forbidden);
        var services = context.RequestServices;
        if (services.GetRequiredService<SessionTokens>().Read(context.Request.Cookies[CallLogAccess.CookieName]) is { } session)
            await services.GetRequiredService<EndedSessions>().EndAsync(session, context.RequestAborted);
        context.Response.Cookies.Delete(CallLogAccess.CookieName, CookieOptions(context, TimeSpan.Zero, "/"));
        return Results.Redirect(CallLogRoutes.Login);
    }

    private static bool SameOrigin(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || origin == "null")
            return origin.Length == 0 && context.Request.Headers["Sec-Fetch-Site"].ToString() is "" or "same-origin" or "none";
        return Uri.TryCreate(origin, UriKind.Absolute, out var o)
            && string.Equals(o.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private static bool TokenMatches(HttpContext context, string? presented) =>
        context.Request.Cookies[CsrfCookie] is { Length: > 0 } expected && presented is { Length: > 0 }
        && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(presented));

    private static string SafeReturnUrl(string? url) =>
        url is { Length: > 0 } u && u.StartsWith("/api/", StringComparison.Ordinal) && !u.StartsWith("//", StringComparison.Ordinal) && !u.Contains('\\')
            ? u : CallLogRoutes.Log;

    private static CookieOptions CookieOptions(HttpContext context, TimeSpan lifetime, string path) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps
            || context.RequestServices.GetRequiredService<IOptions<PublicUrlOptions>>().Value.BaseUri.Scheme == Uri.UriSchemeHttps,
        Path = path,
        MaxAge = lifetime > TimeSpan.Zero ? lifetime : null,
        IsEssential = true,
    };

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
