using System.Net;
using Callaro.Core;
using Callaro.Core.Calls;
using Callaro.Core.Health;
using Callaro.Core.Ingestion;
using Callaro.Core.Workspaces;
using Callaro.Functions.Access;
using Callaro.Functions.Hosting;
using Callaro.Functions.Reports;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Callaro.Browser.Tests.Health;

public sealed class HealthDigestBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string ReaderKey = "browser-health-reader-5c1e";
    private static readonly DateOnly Day = new(2026, 3, 10);

    [Fact]
    public async Task TheDigestShowsTheVerdictFirstAndTheChartWithoutScript()
    {
        await using var site = await DigestSite.StartAsync(ReaderKey);
        var ingestor = new CallIngestor(site.Services.GetRequiredService<TableServiceClient>(), site.Names, new FixedTimeZoneSource(TimeZoneInfo.Utc));
        var nine = Day.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc);
        for (var i = 0; i < 6; i++)
        {
            var start = new DateTimeOffset(nine.AddMinutes(i * 20), TimeSpan.Zero);
            await ingestor.IngestAsync([new CallEvent
            {
                EventId = $"e{i}", CallId = i == 5 ? "<img src=x onerror=alert(1)>" : $"CA{i}", Source = "callaro", OccurredAt = start.AddMinutes(4),
                ReceivedAt = start.AddMinutes(4), Type = i >= 4 ? CallEventType.Missed : CallEventType.Completed, CampaignId = "sales",
                StartedAt = start, AnsweredAt = i >= 4 ? null : start.AddSeconds(5), EndedAt = start.AddMinutes(4), Direction = CallDirection.Incoming,
            }]);
        }
        await site.Services.GetRequiredService<HealthReportGenerator>().GenerateAsync("default", Day);

        var context = await chromium.Browser.NewContextAsync(new() { ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + ReaderKey } });
        var page = await context.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        var response = await page.GotoAsync($"{site.BaseUrl}/api/reports/health/digest?date=2026-03-10");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("health-digest"), FullPage = true });

        Assert.Equal(200, response!.Status);
        var verdict = page.Locator("#verdict");
        Assert.True(await verdict.IsVisibleAsync());
        Assert.Equal("failing", await verdict.GetAttributeAsync("data-verdict")); // no outcome was logged for any call
        Assert.Contains("Outcome and summary missing for 4 of 4 completed calls in campaign sales.", await verdict.InnerTextAsync());
        Assert.True(await page.Locator("svg rect").CountAsync() > 0);
        Assert.Equal(0, await page.Locator("script").CountAsync());
        Assert.Contains("<img src=x onerror=alert(1)>", await page.Locator("#missed-failed ~ table").First.InnerTextAsync());
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Equal(0, dialogs);
        var alertLink = await page.Locator("#missed-failed + p a").GetAttributeAsync("href");
        Assert.Equal("/api/log?workspace=default&date=2026-03-10&view=alerts", alertLink);
    }

    private sealed class DigestSite : WebApplicationFactory<Program>, IAsyncDisposable
    {
        private string _key = "";
        public StorageNames Names { get; } = new("h" + Guid.NewGuid().ToString("N")[..8]);
        public string BaseUrl { get; private set; } = "";

        public static async Task<DigestSite> StartAsync(string key)
        {
            var site = new DigestSite { _key = key };
            site.UseKestrel(0);
            site.StartServer();
            site.BaseUrl = site.ClientOptions.BaseAddress.ToString().TrimEnd('/');
            using var probe = new HttpClient { BaseAddress = new Uri(site.BaseUrl) };
            Assert.NotEqual(HttpStatusCode.NotFound, (await probe.GetAsync("/api/reports/health/digest")).StatusCode);
            return site;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            var connection = Environment.GetEnvironmentVariable("CALLARO_TEST_STORAGE")
                ?? throw new InvalidOperationException("CALLARO_TEST_STORAGE is not set: run ./test.sh, which starts Azurite and sets it.");
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Callaro:Storage:ConnectionString"] = connection,
                ["Callaro:Storage:NamePrefix"] = Names.Prefix,
                ["Callaro:Webhooks:SigningSecret"] = "browser-health-signing-secret",
                ["Callaro:Twilio:AuthToken"] = "browser-health-twilio",
                ["Callaro:Vonage:SignatureSecret"] = "browser-health-vonage",
                ["Callaro:PublicBaseUrl"] = "http://127.0.0.1",
                ["Callaro:Access:Keys:0:Name"] = "browser health reader",
                ["Callaro:Access:Keys:0:Sha256"] = AccessKeyHash.ToHex(_key),
                ["Callaro:Access:Keys:0:Roles:0"] = CallaroRoles.Telephony,
                ["Callaro:Access:Keys:0:Workspaces:0"] = WorkspaceAccess.DefaultWorkspace,
            }));
        }

        public override async ValueTask DisposeAsync()
        {
            var tables = Services.GetRequiredService<TableServiceClient>();
            foreach (var table in Names.Tables) await tables.GetTableClient(table).DeleteAsync();
            await base.DisposeAsync();
        }
    }
}
