using System.Net;
using System.Text.Json;
using Callaro.Core.CallLog;
using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Core.Workspaces;
using Callaro.Functions.Tests.Infrastructure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Callaro.Functions.Tests.CallLog;

/// <summary>
/// The call log at the routes the app maps, behind its own middleware (access keys, problem+json, storage
/// translation), with Azurite.
/// </summary>
public sealed class CallLogAppTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private static CallaroApplication App(bool storageDown = false)
    {
        var app = new CallaroApplication();
        return storageDown
            ? app.WithServices(services =>
            {
                services.RemoveAll<ICallLogRowSource>();
                services.AddSingleton<ICallLogRowSource>(new BrokenStorage());
                EveryWorkspaceKnown.Register(services);
            })
            : app;
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static async Task SeedAsync(CallaroApplication app)
    {
        var service = app.Services.GetRequiredService<TableServiceClient>();
        var ingestor = new CallIngestor(service, app.Names, new FixedTimeZoneSource(TimeZoneInfo.Utc));
        foreach (var (id, minutes, type) in new[] { ("a", 0, CallEventType.Completed), ("b", 10, CallEventType.Failed) })
            await ingestor.IngestAsync([new CallEvent
            {
                EventId = id + "-1", Type = type, OccurredAt = Morning.AddMinutes(minutes + 1), CallId = id, Source = "callaro",
                StartedAt = Morning.AddMinutes(minutes), Caller = "+15550001", Callee = "+4930100", Direction = CallDirection.Incoming,
            }]);
    }

    [Fact]
    public async Task ReadersSeeTheDaysCallsThroughTheirAccessKey()
    {
        using var app = App();
        app.Start();
        await SeedAsync(app);

        var response = await app.CreateReaderClient().GetAsync("/api/calls?date=2026-03-10");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["b", "a"], body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("callId").GetString()));
    }

    [Fact]
    public async Task WithoutCredentialsTheListIsA401ProblemNotAnEmptyList()
    {
        using var app = App();

        var response = await app.CreateAnonymousClient().GetAsync("/api/calls");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("access key", (await Problem(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task WithoutTheTelephonyRoleTheListIsA403Problem()
    {
        using var app = App();

        var response = await app.CreateNoTelephonyClient().GetAsync("/api/calls");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("telephony", (await Problem(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AKeyForAnotherWorkspaceGetsA403ProblemForThisOne()
    {
        using var app = App();

        var response = await app.CreateOtherWorkspaceClient().GetAsync("/api/calls?workspace=default");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("may not read workspace 'default'", (await Problem(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AStorageOutageIsA503WithRetryAfterForJsonAndAnHonestPageForBrowsers()
    {
        using var app = App(storageDown: true);
        var client = app.CreateReaderClient();

        var json = await client.GetAsync("/api/calls");
        var page = await client.GetAsync("/api/log");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, json.StatusCode);
        Assert.True(json.Headers.RetryAfter is not null);
        await Problem(json);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains("this does not mean there were no calls", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AForgedSessionCookieShowsTheSignInPageWithTheReason()
    {
        using var app = App();
        var client = app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("Cookie", "callaro_session=forged.session");

        var response = await client.GetAsync("/api/log");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Your sign-in has expired or is not valid", html);
        Assert.Contains("name=\"key\"", html);
    }

    private sealed class BrokenStorage : ICallLogRowSource
    {
        public Task<CallLogRowBatch> ReadAsync(string partitionKey, string lower, bool lowerInclusive, string upperExclusive, CallLogRowFilter filter, int top, string? continuation = null, CancellationToken cancellationToken = default) =>
            throw new Azure.RequestFailedException(503, "The server is busy.", "ServerBusy", null);
    }
}
