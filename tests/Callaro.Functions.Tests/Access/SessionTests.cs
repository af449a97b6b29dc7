using System.Net;
using System.Text.RegularExpressions;
using Callaro.Functions.Tests.Infrastructure;

namespace Callaro.Functions.Tests.Access;

/// <summary>Browser sign-in: a signed, expiring session in the cookie, never the key; signing out ends it on the server.</summary>
public class SessionTests
{
    private static async Task<(HttpResponseMessage Response, string? SessionCookie)> SignInAsync(CallaroApplication app, string key)
    {
        var client = app.CreateAnonymousClient();
        var page = await client.GetAsync("/api/log/login");
        var token = Regex.Match(await page.Content.ReadAsStringAsync(), "name=\"csrf\" value=\"([^\"]+)\"").Groups[1].Value;
        var csrf = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("callaro_signin=", StringComparison.Ordinal)).Split(';')[0];
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/log/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key, ["csrf"] = token, ["returnUrl"] = "/api/log?date=2026-03-10" }),
        };
        post.Headers.Add("Cookie", csrf);
        var response = await client.SendAsync(post);
        var session = response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.SingleOrDefault(c => c.StartsWith("callaro_session=", StringComparison.Ordinal))
            : null;
        return (response, session);
    }

    private static Task<HttpResponseMessage> GetWithCookieAsync(CallaroApplication app, string path, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        return app.CreateAnonymousClient().SendAsync(request);
    }

    [Fact]
    public async Task SigningInSetsAStrictHttpOnlySessionCookieThatIsNotTheKey()
    {
        using var app = new CallaroApplication();

        var (response, cookie) = await SignInAsync(app, CallaroApplication.ReaderKey);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/api/log?date=2026-03-10", response.Headers.Location?.OriginalString);
        Assert.NotNull(cookie);
        Assert.DoesNotContain(CallaroApplication.ReaderKey, cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=43200", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase); // the test's public URL is http
        var access = await GetWithCookieAsync(app, "/api/access", cookie);
        Assert.Equal(HttpStatusCode.OK, access.StatusCode);
        Assert.Contains("test reader", await access.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheSessionCookieIsSecureWhenThePublicUrlIsHttps()
    {
        using var app = new CallaroApplication().WithSetting("Callaro:PublicBaseUrl", "https://callaro.example.net");

        var (_, cookie) = await SignInAsync(app, CallaroApplication.ReaderKey);

        Assert.NotNull(cookie);
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SigningOutEndsTheSessionEvenForACopyOfTheCookie()
    {
        using var app = new CallaroApplication();
        var (_, cookie) = await SignInAsync(app, CallaroApplication.ReaderKey);
        var copy = cookie!.Split(';')[0];

        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/log/logout");
        logout.Headers.Add("Cookie", copy);
        var signedOut = await app.CreateAnonymousClient().SendAsync(logout);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Contains(signedOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith("callaro_session=;", StringComparison.Ordinal));

        var replayed = await GetWithCookieAsync(app, "/api/access", copy);
        var problem = await ProblemAssert.IsProblemAsync(replayed, HttpStatusCode.Unauthorized);
        Assert.Contains("You signed out of this session", problem.Detail);
    }

    [Theory]
    [InlineData("callaro_session")]
    [InlineData("callaro_key")]
    public async Task ARawKeyInACookieIsNotASession(string cookieName)
    {
        using var app = new CallaroApplication();

        var response = await GetWithCookieAsync(app, "/api/access", $"{cookieName}={CallaroApplication.ReaderKey}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnAlteredSessionIsRefused()
    {
        using var app = new CallaroApplication();
        var (_, cookie) = await SignInAsync(app, CallaroApplication.ReaderKey);
        var value = cookie!.Split(';')[0]["callaro_session=".Length..];
        // Flip one character of the signed payload (e.g. to stretch the expiry).
        var altered = (value[0] == 'A' ? 'B' : 'A') + value[1..];

        var response = await GetWithCookieAsync(app, "/api/access", "callaro_session=" + altered);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Your sign-in has expired or is not valid", problem.Detail);
    }

    [Theory]
    [InlineData("/api/health")]
    [InlineData("/api/access")]
    [InlineData("/api/calls?date=2026-03-10")]
    public async Task EveryJsonAnswerIsNotSniffedNorStored(string path)
    {
        using var app = new CallaroApplication();

        var response = await app.CreateReaderClient().GetAsync(path);

        Assert.Contains("json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
    }
}
