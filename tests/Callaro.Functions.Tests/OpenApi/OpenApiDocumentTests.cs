using System.Net;
using System.Text.Json;
using Callaro.Functions.Tests.Infrastructure;

namespace Callaro.Functions.Tests.OpenApi;

/// <summary><c>GET /api/openapi.json</c> against the routes the Functions host actually serves.</summary>
public sealed class OpenApiDocumentTests
{
    // The pages for people: HTML and the browser sign-in, not the JSON API.
    private static readonly string[] Pages = ["CallLogPage", "CallLogCall", "CallLogDeal", "CallLogLoginPage", "CallLogLogin", "CallLogLogout", "HealthReportDigest"];

    [Fact]
    public async Task TheDocumentListsExactlyTheApiRoutesTheHostServes()
    {
        using var app = new CallaroApplication();
        var response = await app.CreateAnonymousClient().GetAsync("/api/openapi.json");
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} {path.Name}"))
            .Order().ToList();
        var served = app.Host.Functions
            .Where(f => f.Url is not null && !Pages.Contains(f.Name))
            .SelectMany(f => f.Methods.Select(m => $"{m} /{f.Url![app.Host.BaseAddress.ToString().Length..]}"))
            .Order().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("3.1.", document.GetProperty("openapi").GetString());
        Assert.Equal(served, documented);
        Assert.Contains("GET /api/calls/export", documented);
    }

    [Fact]
    public async Task EachOperationDeclaresItsPathParametersAndTheAnswersItGives()
    {
        using var app = new CallaroApplication();
        var document = JsonDocument.Parse(await app.CreateAnonymousClient().GetStringAsync("/api/openapi.json")).RootElement;
        var paths = document.GetProperty("paths");

        foreach (var path in paths.EnumerateObject())
            foreach (var op in path.Value.EnumerateObject())
            {
                var declared = op.Value.TryGetProperty("parameters", out var ps)
                    ? ps.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()!).ToList()
                    : [];
                var inTemplate = System.Text.RegularExpressions.Regex.Matches(path.Name, @"\{([^}]+)\}").Select(m => m.Groups[1].Value).ToList();
                Assert.Equal(inTemplate, declared);
                Assert.True(op.Value.GetProperty("responses").EnumerateObject().Any(r => r.Name[0] is '2' or '3'), $"{op.Name} {path.Name} declares no success");
            }

        var list = paths.GetProperty("/api/calls").GetProperty("get").GetProperty("responses");
        var item = list.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema")
            .GetProperty("properties").GetProperty("items").GetProperty("items").GetProperty("properties");
        Assert.True(item.TryGetProperty("callerE164", out _));
        Assert.True(list.TryGetProperty("401", out _) && list.TryGetProperty("403", out _) && list.TryGetProperty("404", out _));
        Assert.True(paths.GetProperty("/api/calls/export").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/csv", out _));
        Assert.True(paths.GetProperty("/api/workspace").GetProperty("put").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.Equal("integer", item.GetProperty("durationSeconds").GetProperty("type").GetString());

        // What the document says about access is what the app does.
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateAnonymousClient().GetAsync("/api/calls")).StatusCode);
    }
}
