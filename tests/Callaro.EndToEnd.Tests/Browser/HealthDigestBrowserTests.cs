using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Core.Workspaces;
using Microsoft.Playwright;

namespace Callaro.EndToEnd.Tests.Browser;

public sealed class HealthDigestBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string ReaderKey = "browser-health-reader-5c1e";
    private const string AdminKey = "browser-health-admin-9a07";
    private static readonly DateOnly Day = new(2026, 3, 10);

    [Fact]
    public async Task TheDigestShowsTheVerdictFirstAndTheChartWithoutScript()
    {
        await using var site = await PublishedApp.StartAsync([("browser health reader", ReaderKey, "telephony", "default"), ("browser health admin", AdminKey, "admin", "*")]);
        var ingestor = new CallIngestor(site.Tables, site.Names, new FixedTimeZoneSource(TimeZoneInfo.Utc));
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
        await site.RunHealthReportAsync(AdminKey, "2026-03-10");

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

    [Fact]
    public async Task TheDigestLeadsToTheNeighbouringDaysAndToTheDaysLog()
    {
        await using var site = await PublishedApp.StartAsync([("browser health reader", ReaderKey, "telephony", "default"), ("browser health admin", AdminKey, "admin", "*")]);
        var ingestor = new CallIngestor(site.Tables, site.Names, new FixedTimeZoneSource(TimeZoneInfo.Utc));
        foreach (var (day, caller) in new[] { (Day.AddDays(-1), "+4930111001"), (Day, "+4930111002") })
        {
            var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc), TimeSpan.Zero);
            await ingestor.IngestAsync([new CallEvent
            {
                EventId = $"missed-{day:yyyyMMdd}", CallId = $"CA-missed-{day:yyyyMMdd}", Source = "callaro", OccurredAt = start.AddMinutes(1), ReceivedAt = start.AddMinutes(1),
                Type = CallEventType.Missed, StartedAt = start, EndedAt = start.AddMinutes(1), Direction = CallDirection.Incoming, Caller = caller, Callee = "+4930999",
            }]);
        }
        foreach (var day in new[] { "2026-03-09", "2026-03-10" })
            await site.RunHealthReportAsync(AdminKey, day);
        var context = await chromium.Browser.NewContextAsync(new() { ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + ReaderKey } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{site.BaseUrl}/api/reports/health/digest?date=2026-03-10");
        await Assertions.Expect(page.Locator("#missed-failed ~ table a").First).ToHaveTextAsync("+4930111002"); // listed by number, not by id

        await page.Locator("#day-links a", new() { HasTextString = "Previous day" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Monday 9 March 2026");
        await Assertions.Expect(page.Locator("#missed-failed ~ table a").First).ToHaveTextAsync("+4930111001");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("health-digest-previous-day"), FullPage = true });

        await page.Locator("#day-links a", new() { HasTextString = "Next day" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Tuesday 10 March 2026");

        await page.Locator("#day-links a", new() { HasTextString = "This day's call log" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Calls · Tuesday 10 March 2026");
        await Assertions.Expect(page.Locator("#calls")).ToContainTextAsync("+4930111002");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("health-digest-to-log"), FullPage = true });
    }
}
