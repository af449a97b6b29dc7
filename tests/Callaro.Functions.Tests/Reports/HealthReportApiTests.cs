using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Callaro.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Callaro.Functions.Tests.Reports;

public sealed class HealthReportApiTests
{
    private const string Run = "api/reports/health/run?workspace=default&date=2025-03-10";

    [Fact]
    public async Task AnAdminRegeneratesADayAndGetsTheSameJsonEachTime()
    {
        using var app = DaySources.App();
        var admin = app.Admin();

        var first = await admin.PostAsync(Run, null);
        var second = await admin.PostAsync(Run, null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        var stored = await app.Reader().GetStringAsync("api/reports/health?workspace=default&date=2025-03-10");
        Assert.Equal(await second.Content.ReadAsStringAsync(), stored);
    }

    [Fact]
    public async Task AReaderReadsTheReportTheLatestAndTheList()
    {
        using var app = DaySources.App();
        await app.Admin().PostAsync(Run, null);
        var reader = app.Reader();

        using var report = JsonDocument.Parse(await reader.GetStringAsync("api/reports/health?workspace=default&date=2025-03-10"));
        var root = report.RootElement;
        Assert.Equal("failing", root.GetProperty("verdict").GetString()); // half the transcripts missing
        Assert.Equal(6, root.GetProperty("calls").GetProperty("total").GetInt32());
        var transcript = root.GetProperty("campaigns")[0].GetProperty("completeness").GetProperty("transcript");
        Assert.Equal((4, 2, 2), (transcript.GetProperty("eligible").GetInt32(), transcript.GetProperty("logged").GetInt32(), transcript.GetProperty("missing").GetInt32()));
        Assert.Equal("Transcripts missing for 2 of 4 completed calls in campaign sales.", root.GetProperty("issues")[0].GetProperty("message").GetString());

        Assert.Equal(await reader.GetStringAsync("api/reports/health?workspace=default&date=2025-03-10"),
            await reader.GetStringAsync("api/reports/health/latest"));

        using var list = JsonDocument.Parse(await reader.GetStringAsync("api/reports/health/list"));
        var item = Assert.Single(list.RootElement.GetProperty("reports").EnumerateArray());
        Assert.Equal("2025-03-10", item.GetProperty("date").GetString());
        Assert.Equal("/api/reports/health/digest?workspace=default&date=2025-03-10", item.GetProperty("digest").GetString());
    }

    [Fact]
    public async Task ReportsOfAWorkspaceThatNeverHadACallOrSettingsAreNotFoundAfterTheAccessCheck()
    {
        using var app = DaySources.App(everyWorkspaceKnown: false);
        var reader = app.Reader();

        var report = await ProblemAssert.IsProblemAsync(await reader.GetAsync("api/reports/health?workspace=default&date=2025-03-10"), HttpStatusCode.NotFound);
        var latest = await ProblemAssert.IsProblemAsync(await reader.GetAsync("api/reports/health/latest"), HttpStatusCode.NotFound);
        var list = await ProblemAssert.IsProblemAsync(await reader.GetAsync("api/reports/health/list"), HttpStatusCode.NotFound);
        var digest = await reader.GetAsync("api/reports/health/digest?date=2025-03-10");
        var foreign = await reader.GetAsync("api/reports/health/list?workspace=nobody");

        Assert.All([report, latest, list], p => Assert.Contains("Workspace 'default' has never received a call or settings", p.Detail));
        Assert.Equal(HttpStatusCode.NotFound, digest.StatusCode);
        Assert.Contains("Workspace &#39;default&#39; has never received a call or settings", await digest.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
    }

    [Fact]
    public async Task TheDigestIsHtmlWithEncodedValuesAndLinksIntoTheAlertView()
    {
        using var app = DaySources.App();
        await app.Admin().PostAsync(Run, null);

        var response = await app.Reader().GetAsync("api/reports/health/digest?date=2025-03-10");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("view=alerts", html);
        Assert.Contains("<svg", html);
    }

    [Fact]
    public async Task NoCredentialsIsAnAccessProblemNotAnEmptyReport()
    {
        using var app = DaySources.App();
        var response = await app.Anonymous().GetAsync("api/reports/health?date=2025-03-10");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);

        var page = await app.Anonymous().GetAsync("api/reports/health/digest");
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
    }

    [Fact]
    public async Task AnotherWorkspacesReaderIsForbidden()
    {
        using var app = DaySources.App();
        var response = await app.WithKey(CallaroApplication.OtherWorkspaceKey).GetAsync("api/reports/health?workspace=default&date=2025-03-10");
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("'default'", problem.Detail);
    }

    [Fact]
    public async Task AReaderMayNotRegenerate()
    {
        using var app = DaySources.App();
        var response = await app.Reader().PostAsync(Run, null);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        var missing = await app.Reader().GetAsync("api/reports/health?workspace=default&date=2025-03-10");
        var problem = await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.NotFound);
        Assert.Contains("POST /api/reports/health/run", problem.Detail);
    }

    [Theory]
    [InlineData("api/reports/health?date=10-03-2025")]
    [InlineData("api/reports/health/list?count=0")]
    public async Task BadQueriesAreExplained(string url)
    {
        using var app = DaySources.App();
        await ProblemAssert.IsProblemAsync(await app.Reader().GetAsync(url), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ADayThatHasNotEndedCannotBeReportedYet()
    {
        using var app = DaySources.App(time: new FixedTime(new DateTimeOffset(2025, 3, 10, 23, 0, 0, TimeSpan.Zero)));
        var problem = await ProblemAssert.IsProblemAsync(await app.Admin().PostAsync(Run, null), HttpStatusCode.BadRequest);
        Assert.Contains("has not ended", problem.Detail);
    }

    [Fact]
    public async Task TheTimerWritesDueReportsWhenTheHostRunsIt()
    {
        using var app = DaySources.App();

        var response = await app.Anonymous().PostAsync("admin/functions/HealthReportTimer", new StringContent("""{"input":""}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var invocation = await app.App.Host.WaitForInvocationAsync("HealthReportTimer", cancellationToken: deadline.Token);
        Assert.True(invocation.Succeeded, invocation.Error);
        Assert.Contains(invocation.Logs, l => l.Contains("2025-03-10"));
        var reports = await app.Reader().GetFromJsonAsync<JsonElement>("api/reports/health/list");
        Assert.Equal(7, reports.GetProperty("reports").GetArrayLength()); // the catch-up window
    }
}

public sealed class RejectedDeliveryCountingTests
{
    [Fact]
    public async Task AnUnsignedWebhookDeliveryIsCountedForTheReportWithoutItsBody()
    {
        using var app = DaySources.App();
        var body = new StringContent("""{"eventId":"e1","type":"call.ringing","callId":"secret-call"}""", Encoding.UTF8, "application/json");

        var response = await app.App.CreateAnonymousClient().PostAsync("/api/webhooks/callaro", body);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var counter = app.App.Services.GetRequiredService<Callaro.Core.Health.WebhookRejectionCounter>();
        var now = app.App.Services.GetRequiredService<TimeProvider>().GetUtcNow(); // the app's clock stamps the rejection
        await app.App.Services.GetRequiredService<Callaro.Functions.Reports.RejectionCountFlusher>().FlushAsync(CancellationToken.None);
        var counted = await counter.ReadAsync("default", now.AddHours(-2), now.AddHours(2));
        var rejection = Assert.Single(counted);
        Assert.Equal(("callaro", 1L), (rejection.Endpoint, rejection.Count));
        Assert.DoesNotContain("secret-call", rejection.Reason);
    }
}
