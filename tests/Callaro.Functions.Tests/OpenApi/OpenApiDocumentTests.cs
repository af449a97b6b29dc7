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
    // A value each documented parameter's parser refuses, naming the parameter; every documented parameter needs one, or
    // is listed in NoInvalidValue with why.
    private static readonly Dictionary<string, string> Invalid = new()
    {
        ["date"] = "2026-13-45", ["to"] = "yesterday", ["view"] = "sideways", ["direction"] = "up", ["status"] = "lost",
        ["number"] = new string('5', 65), ["operator"] = new string('o', 257), ["campaign"] = new string('c', 257),
        ["hasRecording"] = "maybe", ["incomplete"] = "maybe", ["pageSize"] = "0", ["cursor"] = new string('x', 2049),
        ["locale"] = "xx-no-such-1", ["tz"] = "Mars/Olympus", ["count"] = "0",
    };

    // Taken and read, but with no value refused by the endpoint itself (the workspace is checked by access; redirect is a preference).
    private static readonly string[] NoInvalidValue = ["workspace", "redirect"];

    [Fact]
    public async Task EachEndpointTakesExactlyTheQueryParametersTheDocumentLists()
    {
        using var app = new CallaroApplication().WithServices(EveryWorkspaceKnown.Register);
        var document = JsonDocument.Parse(await app.CreateAnonymousClient().GetStringAsync("/api/openapi.json")).RootElement;
        var reader = app.CreateReaderClient();
        var admin = app.CreateAdminClient();
        var checkedParameters = 0;

        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => !p.Name.StartsWith("/api/webhooks/", StringComparison.Ordinal)))
            foreach (var op in path.Value.EnumerateObject())
            {
                var client = op.Name == "get" ? reader : admin;
                var url = System.Text.RegularExpressions.Regex.Replace(path.Name, @"\{[^}]+\}", "c1");
                async Task<(HttpStatusCode Status, string Body)> SendAsync(string query)
                {
                    using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(op.Name.ToUpperInvariant()), url + "?" + query));
                    return (response.StatusCode, await response.Content.ReadAsStringAsync());
                }
                var listed = op.Value.TryGetProperty("parameters", out var ps)
                    ? ps.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToList()
                    : [];

                // What the document does not list, the endpoint refuses, naming it: a typo is not answered unfiltered.
                var unlisted = await SendAsync("operater=op-7");
                Assert.True(unlisted.Status == HttpStatusCode.BadRequest && unlisted.Body.Contains("does not take operater"), $"{op.Name} {path.Name} took operater: {unlisted.Body}");

                // What it lists, the endpoint's parser reads under that name: a bad value is refused naming it, not as unknown.
                foreach (var name in listed)
                {
                    checkedParameters++;
                    if (NoInvalidValue.Contains(name))
                    {
                        var taken = await SendAsync($"{name}=default");
                        Assert.DoesNotContain("does not take", taken.Body);
                        continue;
                    }
                    Assert.True(Invalid.ContainsKey(name), $"{op.Name} {path.Name} lists {name}; give the test a value its parser refuses");
                    var refused = await SendAsync($"{name}={Uri.EscapeDataString(Invalid[name])}");
                    Assert.True(refused.Status == HttpStatusCode.BadRequest && refused.Body.Contains(name, StringComparison.Ordinal) && !refused.Body.Contains("does not take"),
                        $"{op.Name} {path.Name} did not refuse {name}={Invalid[name][..Math.Min(20, Invalid[name].Length)]} by name: {refused.Status} {refused.Body}");
                }
            }

        Assert.True(checkedParameters > 30, $"only {checkedParameters} parameters were checked");
        var list = document.GetProperty("paths").GetProperty("/api/calls").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p);
        Assert.Equal(["all", "alerts"], list["view"].GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(("array", "date", true), (list["status"].GetProperty("schema").GetProperty("type").GetString(),
            list["date"].GetProperty("schema").GetProperty("format").GetString(), list["status"].GetProperty("explode").GetBoolean()));
        Assert.DoesNotContain(document.GetProperty("paths").GetProperty("/api/calls/export").GetProperty("get").GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() is "cursor" or "pageSize");
        Assert.True(document.GetProperty("paths").GetProperty("/api/reports/health/run").GetProperty("post").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "date").GetProperty("required").GetBoolean());
    }
}
