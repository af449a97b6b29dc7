using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Callaro.Core.Calls;
using Callaro.Functions.CallLog;

namespace Callaro.Functions.Tests.CallLog;

public sealed class CallLogEndpointTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task JsonListsTodaysCallsNewestFirstWithFormattedFields()
    {
        await using var host = await CallLogTestHost.StartAsync();
        host.Log.Add("default", Morning, CallStatus.Completed, duration: 3_723, callId: "older");
        host.Log.Add("default", Morning.AddHours(2), CallStatus.Missed, callId: "newer");

        var response = await host.Client().GetAsync("/api/calls?locale=de-DE&tz=Europe/Berlin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json(response);
        var items = body.GetProperty("items");
        Assert.Equal("newer", items[0].GetProperty("callId").GetString());
        Assert.True(items[0].GetProperty("alert").GetBoolean());
        Assert.Equal("01:02:03", items[1].GetProperty("duration").GetString());
        Assert.Equal(3_723, items[1].GetProperty("durationSeconds").GetInt32());
        Assert.Equal("2026-03-10T09:00:00Z", items[1].GetProperty("startedAt").GetString());
        Assert.Equal("10.03.2026 10:00:00", items[1].GetProperty("startedAtLocal").GetString());
        Assert.Equal("2026-03-10", body.GetProperty("date").GetString());
    }

    [Fact]
    public async Task AcceptLanguageChoosesTheLocaleWhenNoneIsAsked()
    {
        await using var host = await CallLogTestHost.StartAsync();
        host.Log.Add("default", Morning.AddHours(5));
        var client = host.Client();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR,en;q=0.5");

        var body = await Json(await client.GetAsync("/api/calls"));

        Assert.Equal("10/03/2026 14:00:00", body.GetProperty("items")[0].GetProperty("startedAtLocal").GetString());
        Assert.Equal("fr-FR", body.GetProperty("locale").GetString());
    }

    [Theory]
    [InlineData("date=2026-13-01", "date")]
    [InlineData("view=everything", "view")]
    [InlineData("direction=sideways", "direction")]
    [InlineData("status=answered,lost", "status")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("tz=Mars/Olympus", "tz")]
    [InlineData("locale=xx-notreal", "locale")]
    [InlineData("date=2026-03-10&to=2026-03-01", "to")]
    public async Task BadParametersAreValidationProblemsNamingTheParameter(string query, string parameter)
    {
        await using var host = await CallLogTestHost.StartAsync();

        var response = await host.Client().GetAsync("/api/calls?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task PagingWithCursorsWalksTheWholeDayAndBack()
    {
        await using var host = await CallLogTestHost.StartAsync();
        for (var i = 0; i < 12; i++) host.Log.Add("default", Morning.AddMinutes(i));
        var client = host.Client();

        var first = await Json(await client.GetAsync("/api/calls?pageSize=5"));
        var second = await Json(await client.GetAsync("/api/calls?pageSize=5&cursor=" + first.GetProperty("nextCursor").GetString()));
        var back = await Json(await client.GetAsync("/api/calls?pageSize=5&cursor=" + second.GetProperty("prevCursor").GetString()));

        Assert.Equal(Ids(first), Ids(back));
        Assert.Equal(5, Ids(second).Count);
        static List<string?> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("callId").GetString()).ToList();
    }

    [Fact]
    public async Task TamperedCursorIsABadRequestNotSomeoneElsesData()
    {
        await using var host = await CallLogTestHost.StartAsync();
        for (var i = 0; i < 12; i++) host.Log.Add("default", Morning.AddMinutes(i));
        var client = host.Client();
        var cursor = (await Json(await client.GetAsync("/api/calls?pageSize=5"))).GetProperty("nextCursor").GetString()!;
        var forged = cursor[..^3] + (cursor[^3] == 'x' ? "y" : "x") + cursor[^2..];

        var response = await client.GetAsync("/api/calls?pageSize=5&cursor=" + forged);
        var foreign = await client.GetAsync("/api/calls?pageSize=5&view=alerts&cursor=" + cursor);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("start again from the first page", (await Json(response)).GetProperty("errors").GetProperty("cursor")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
    }

    [Fact]
    public async Task AKeyForAnotherWorkspaceIsForbiddenNotAnEmptyLog()
    {
        await using var host = await CallLogTestHost.StartAsync();

        var response = await host.Client(CallLogTestHost.OtherWorkspaceKey).GetAsync("/api/calls?workspace=acme");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("may not read workspace 'acme'", (await Json(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task LogPageLandsOnMissedAndFailedWhenThereAreAny()
    {
        await using var host = await CallLogTestHost.StartAsync();
        host.Log.Add("default", Morning, CallStatus.Completed, caller: "049301");
        host.Log.Add("default", Morning.AddMinutes(5), CallStatus.Failed, caller: "049302");

        var html = await host.Client().GetStringAsync("/api/log?date=2026-03-10");

        Assert.Contains("aria-current=\"page\">Missed &amp; failed <span class=\"count\">1</span></a>", html);
        Assert.Contains(">All <span class=\"count\">2</span></a>", html); // each tab says how many calls it holds
        Assert.Contains("<span class=\"badge alert\">failed</span>", html);
        Assert.DoesNotContain("049301", html);
    }

    [Fact]
    public async Task LogPageShowsAllCallsWhenThereAreNoAlerts()
    {
        await using var host = await CallLogTestHost.StartAsync();
        host.Log.Add("default", Morning, CallStatus.Completed, caller: "049301", dealId: "deal-7");

        var html = await host.Client().GetStringAsync("/api/log?date=2026-03-10");

        Assert.Contains("aria-current=\"page\">All <span class=\"count\">1</span></a>", html.Replace("\n", " "));
        Assert.Contains(">Missed &amp; failed <span class=\"count\">0</span></a>", html);
        Assert.Contains("049301", html);
        Assert.Contains("href=\"/api/log/deals/deal-7\"", html);
        foreach (var column in new[] { "Direction", "Caller", "Callee", "Status", "Duration", "Date" })
            Assert.Contains($">{column}</th>", html);
    }

    [Fact]
    public async Task AnEmptyDaySaysThereWereNoCalls()
    {
        await using var host = await CallLogTestHost.StartAsync();

        var html = await host.Client().GetStringAsync("/api/log?date=2026-03-09");

        Assert.Contains("There were no calls on 9 March 2026.", html);
    }

    [Fact]
    public async Task AScriptInACallerNameIsShownAsText()
    {
        await using var host = await CallLogTestHost.StartAsync();
        host.Log.Add("default", Morning, CallStatus.Missed, caller: "<script>alert(1)</script>");

        var response = await host.Client().GetAsync("/api/log?date=2026-03-10");
        var html = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("script-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task WithoutCredentialsTheLogPageAsksToSignIn()
    {
        await using var host = await CallLogTestHost.StartAsync();

        var response = await host.Client(key: null).GetAsync("/api/log");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("<form method=\"post\" action=\"/api/log/login\"", html);
        Assert.DoesNotContain("no calls", html);
    }

    [Fact]
    public async Task WithoutTheTelephonyRoleTheLogPageSaysSo()
    {
        await using var host = await CallLogTestHost.StartAsync();

        var response = await host.Client(CallLogTestHost.NoRoleKey).GetAsync("/api/log");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("You don't have access to the telephony log", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AStorageOutageIsNotShownAsAnEmptyLog()
    {
        await using var host = await CallLogTestHost.StartAsync();
        host.StorageDown = true;

        var response = await host.Client().GetAsync("/api/log?date=2026-03-10");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("this does not mean there were no calls", html);
        Assert.DoesNotContain("There were no calls", html);
    }

    [Fact]
    public async Task CallDetailShowsEverythingLoggedAndEncodesIt()
    {
        await using var host = await CallLogTestHost.StartAsync();
        host.Details.Calls["c1"] = new CallDetailView
        {
            CallId = "c1", Workspace = "default", Status = "completed", Caller = "<b>boss</b>", Callee = "+4930", DealId = "d1",
            StartedAt = Morning, EndedAt = Morning.AddMinutes(2), DurationSeconds = 120, Outcome = "sale", Summary = "Agreed <terms>",
            History = [new("call.completed", Morning.AddMinutes(2), Morning.AddMinutes(2), "twilio")],
            Recording = new CallRecordingView(true, "audio/mpeg", 120, 1000, 1, null),
            Transcript = new CallTranscriptView("logged", "en", 3, null, [new("agent", 0, "Hello <there>")], null),
            Fields = [new("budget", "5000")],
        };

        var html = await host.Client().GetStringAsync("/api/log/calls/c1");

        Assert.Contains("&lt;b&gt;boss&lt;/b&gt;", html);
        Assert.Contains("Agreed &lt;terms&gt;", html);
        Assert.Contains("<audio controls", html);
        Assert.Contains("href=\"/api/calls/c1/recording\" download", html);
        Assert.Contains("Hello &lt;there&gt;", html);
        Assert.Contains("call.completed", html);
        Assert.Contains("href=\"/api/log/deals/d1\"", html);
    }

    [Fact]
    public async Task AnUnknownCallIsNotFound()
    {
        await using var host = await CallLogTestHost.StartAsync();

        var response = await host.Client().GetAsync("/api/log/calls/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
