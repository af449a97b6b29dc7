using Callaro.Core.Calls;
using Microsoft.Playwright;

namespace Callaro.EndToEnd.Tests.Browser;

public sealed class CallLogBrowserTests(Chromium chromium, CallLogBrowserTests.Site site) : IClassFixture<Chromium>, IClassFixture<CallLogBrowserTests.Site>
{
    private const string Script = "<script>alert(1)</script>";
    private const string ImageScript = "<img src=x onerror=alert(2)>";

    /// <summary>
    /// Seventeen calls on <see cref="LogSite.Day"/>, one of them stored with a script as the caller; the failed call's number
    /// called in again half an hour later and was answered (called back), the missed one never was (open).
    /// </summary>
    public sealed class Site : LogSite
    {
        protected override async Task SeedAsync(SiteSeeder log)
        {
            for (var i = 0; i < 12; i++)
                await log.CallAsync(Morning.AddMinutes(i * 10), CallStatus.Completed, $"+4915100{i:D2}", dealId: i == 3 ? "deal-42" : null, recording: i == 3);
            await log.RawAlertRowAsync(Morning.AddHours(3), Script);
            await log.CallAsync(Morning.AddHours(3.5), CallStatus.Missed, ImageScript);
            await log.CallAsync(Morning.AddHours(4), CallStatus.Failed, "+4917012345");
            await log.CallAsync(Morning.AddHours(4.5), CallStatus.Completed, "0049 170 12345");
            await log.CallAsync(Morning.AddMinutes(-30), CallStatus.Completed, "+4915999", dealId: "deal-42", recording: true);
        }
    }

    private async Task<(IPage Page, List<string> Dialogs)> SignedInPageAsync(ViewportSize? viewport = null)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB", TimezoneId = "UTC", ViewportSize = viewport });
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) => { dialogs.Add(dialog.Message); await dialog.DismissAsync(); };
        await page.GotoAsync($"{site.BaseUrl}/api/log?date={LogSite.Day:yyyy-MM-dd}");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("sign-in"), FullPage = true });
        await page.FillAsync("input[name=key]", LogSite.ReaderKey);
        await page.ClickAsync("#sign-in button[type=submit]");
        await page.WaitForSelectorAsync("h1:has-text('Calls')", new() { Timeout = 10_000 });
        return (page, dialogs);
    }

    [Fact]
    public async Task SigningInThroughTheFormLandsOnMissedAndFailedWithVisibleAlertBadges()
    {
        var (page, dialogs) = await SignedInPageAsync();

        await Assertions.Expect(page.Locator(".tabs a[aria-current=page]")).ToHaveTextAsync("Missed & failed 3");
        await Assertions.Expect(page.Locator("#tab-all")).ToHaveTextAsync("All 17");
        var badges = page.Locator("#calls .badge.alert");
        await Assertions.Expect(badges).ToHaveCountAsync(3);
        await Assertions.Expect(badges.First).ToBeVisibleAsync();
        var color = await badges.First.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        Assert.Equal("rgb(198, 40, 40)", color);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("log-missed-and-failed"), FullPage = true });
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task AScriptBearingCallerNameShowsAsTextAndNeverRuns()
    {
        var (page, dialogs) = await SignedInPageAsync();

        await Assertions.Expect(page.Locator("#calls td", new() { HasTextString = Script })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#calls td", new() { HasTextString = ImageScript })).ToHaveCountAsync(1);
        Assert.Equal(0, await page.Locator("#calls script, #calls img").CountAsync());
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("log-script-caller-as-text"), FullPage = true });
        await page.Locator("#calls tr", new() { HasTextString = ImageScript }).Locator("a", new() { HasTextString = "Details" }).ClickAsync();
        await Assertions.Expect(page.Locator("#call")).ToContainTextAsync(ImageScript);
        await page.WaitForTimeoutAsync(300);
        Assert.Empty(dialogs);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("call-detail-script-caller-as-text"), FullPage = true });
    }

    [Fact]
    public async Task PagingOlderThenNewerShowsTheSameRows()
    {
        var (page, _) = await SignedInPageAsync();
        await page.GotoAsync($"{site.BaseUrl}/api/log?date={LogSite.Day:yyyy-MM-dd}&view=all&pageSize=5");
        var first = await page.Locator("#calls tbody tr").AllInnerTextsAsync();
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("log-all-page-1"), FullPage = true });

        await page.ClickAsync("#older");
        var second = await page.Locator("#calls tbody tr").AllInnerTextsAsync();
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("log-all-page-2"), FullPage = true });
        await page.ClickAsync("#older");
        var third = await page.Locator("#calls tbody tr").AllInnerTextsAsync();
        await page.ClickAsync("#older");
        var fourth = await page.Locator("#calls tbody tr").AllInnerTextsAsync();
        await Assertions.Expect(page.Locator("#older")).ToHaveCountAsync(0);

        await page.ClickAsync("#newer");
        Assert.Equal(third, await page.Locator("#calls tbody tr").AllInnerTextsAsync());
        await page.ClickAsync("#newer");
        Assert.Equal(second, await page.Locator("#calls tbody tr").AllInnerTextsAsync());
        await page.ClickAsync("#newer");
        Assert.Equal(first, await page.Locator("#calls tbody tr").AllInnerTextsAsync());
        await Assertions.Expect(page.Locator("#newer")).ToHaveCountAsync(0);
        Assert.Equal(17, first.Count + second.Count + third.Count + fourth.Count);
        Assert.Equal(17, first.Concat(second).Concat(third).Concat(fourth).Distinct().Count());
    }

    [Fact]
    public async Task TheCallDetailAndTheDealTimelineOpenFromTheLog()
    {
        var (page, _) = await SignedInPageAsync();
        await page.GotoAsync($"{site.BaseUrl}/api/log?date={LogSite.Day:yyyy-MM-dd}&view=all");

        var row = page.Locator("#calls tbody tr", new() { HasTextString = "+491510003" });
        await row.Locator("a", new() { HasTextString = "Details" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Call call-");
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("call.completed");
        // Only the provider reported this recording; without its file there is nothing to play, and the page says so.
        await Assertions.Expect(page.Locator(".recording")).ToHaveTextAsync("The provider reported a recording (00:01:35); its file has not arrived yet.");
        await Assertions.Expect(page.Locator("audio")).ToHaveCountAsync(0);
        // "What was logged": the provider's recording is logged; the default campaign enables no transcript.
        var recording = page.Locator("#logging-recording .badge");
        await Assertions.Expect(recording).ToHaveTextAsync("logged");
        await Assertions.Expect(recording).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#logging-transcript .badge")).ToHaveTextAsync("not enabled");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("call-detail"), FullPage = true });

        await page.Locator("#call a", new() { HasTextString = "deal-42" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Deal deal-42");
        var calls = page.Locator("#deal-calls > li");
        await Assertions.Expect(calls).ToHaveCountAsync(2);
        await Assertions.Expect(calls.First).ToContainTextAsync("+491510003");
        await Assertions.Expect(page.Locator("#deal-calls .recording", new() { HasTextString = "The provider reported a recording" })).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("deal-timeline"), FullPage = true });
    }

    [Fact]
    public async Task DownloadCsvSavesTheCallsOfTheViewShown()
    {
        var (page, _) = await SignedInPageAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-csv"));
        var lines = (await File.ReadAllTextAsync(await download.PathAsync())).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("calls-default-2026-03-10.csv", download.SuggestedFilename);
        Assert.Equal("Direction,Caller,Callee,Status,Duration,Started,Call ID,Operator,Campaign,Recording,Transcript", lines[0].TrimStart('\uFEFF'));
        Assert.Equal(4, lines.Length); // the three missed and failed calls of the landing view
        Assert.Contains(lines, l => l.StartsWith("incoming,'+4917012345,", StringComparison.Ordinal) && l.Contains(",failed,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnEmptyDaySaysThereWereNoCalls()
    {
        var (page, _) = await SignedInPageAsync();

        await page.GotoAsync($"{site.BaseUrl}/api/log?date=2026-03-01");

        await Assertions.Expect(page.Locator("#empty")).ToHaveTextAsync("There were no calls on 1 March 2026.");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("log-empty-day"), FullPage = true });
    }

    [Fact]
    public async Task OnAPhoneTheLogShowsStatusTimeCallerAndDurationWithoutScrollingSideways()
    {
        var (page, _) = await SignedInPageAsync(new ViewportSize { Width = 390, Height = 844 });
        foreach (var view in new[] { "alerts", "all" })
        {
            await page.GotoAsync($"{site.BaseUrl}/api/log?date={LogSite.Day:yyyy-MM-dd}&view={view}");
            await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath($"log-phone-{view}"), FullPage = true });

            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
                $"the {view} tab scrolls sideways at 390 px");
            foreach (var column in new[] { "c-status", "c-time", "c-caller", "c-duration" })
            {
                var cell = page.Locator($"#calls tbody tr >> nth=0 >> td.{column}");
                await Assertions.Expect(cell).ToBeVisibleAsync();
                var box = (await cell.BoundingBoxAsync())!;
                Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"{column} on the {view} tab lies outside the screen: {box.X} + {box.Width}");
            }
            await Assertions.Expect(page.Locator("#calls tbody tr >> nth=0 >> td.c-callee")).ToBeHiddenAsync();
        }

        await page.Locator("#calls tbody tr", new() { HasTextString = "+491510003" }).Locator("td.c-time a").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Call call-"); // the time opens the call where the links column gave way
    }

    [Fact]
    public async Task MissedCallsSayWhetherTheCallerWasCalledBackAndOpenOnesComeFirst()
    {
        var (page, _) = await SignedInPageAsync();

        var rows = page.Locator("#calls tbody tr");
        var calledBack = rows.Filter(new() { HasTextString = "+4917012345" }).Locator(".badge.followup-done");
        await Assertions.Expect(calledBack).ToHaveTextAsync("called back after 30 min");
        await Assertions.Expect(rows.Filter(new() { HasTextString = ImageScript }).Locator(".badge.followup-open")).ToHaveTextAsync("open");
        await Assertions.Expect(page.Locator("#followups")).ToContainTextAsync("1 called back");
        var states = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.querySelector('.followup-open') ? 'open' : r.querySelector('.followup-done') ? 'done' : '-')");
        Assert.Equal("done", states.Last(s => s != "-")); // open ones first: they are the ones to act on
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("log-follow-ups"), FullPage = true });

        await calledBack.ClickAsync();
        await Assertions.Expect(page.Locator("#call")).ToContainTextAsync("0049 170 12345"); // the callback itself, however its number was spelled
        await Assertions.Expect(page.Locator("#call")).ToContainTextAsync("completed");
    }

    [Fact]
    public async Task OnAPhoneARangeOfDaysAndARecordingFilterNarrowTheLogAndSurviveEachOther()
    {
        var (page, _) = await SignedInPageAsync(new ViewportSize { Width = 390, Height = 844 });
        await page.GotoAsync($"{site.BaseUrl}/api/log?date={LogSite.Day:yyyy-MM-dd}&view=all");

        await page.FillAsync("#range input[name=date]", LogSite.Day.AddDays(-1).ToString("yyyy-MM-dd"));
        await page.FillAsync("#range input[name=to]", LogSite.Day.ToString("yyyy-MM-dd"));
        await page.ClickAsync("#range button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Calls · 2026-03-09 – 2026-03-10");
        await Assertions.Expect(page.Locator("#tab-all")).ToHaveTextAsync("All 17");

        await page.SelectOptionAsync("select[name=hasRecording]", "true");
        await page.ClickAsync("form[aria-label=Filters] button[type=submit]");
        await Assertions.Expect(page.Locator("#calls tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#tab-all")).ToHaveTextAsync("All 2");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Calls · 2026-03-09 – 2026-03-10");
        Assert.Contains("to=2026-03-10", page.Url);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the filtered range scrolls sideways at 390 px");
        await page.ScreenshotAsync(new() { Path = Chromium.ScreenshotPath("log-phone-range-recording"), FullPage = true });

        // Moving the range keeps the filter; the Missed & failed tab of these calls is empty.
        await page.ClickAsync("#later");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Calls · 2026-03-11 – 2026-03-12");
        await Assertions.Expect(page.Locator("select[name=hasRecording]")).ToHaveValueAsync("true");
        await page.ClickAsync("#earlier");
        await page.ClickAsync("#tab-alerts");
        await Assertions.Expect(page.Locator("#empty")).ToHaveTextAsync("No calls match these filters between 2026-03-09 and 2026-03-10.");
    }

    [Fact]
    public async Task BackToTheLogReturnsToTheSameDayTabAndPage()
    {
        var (page, _) = await SignedInPageAsync();
        await page.GotoAsync($"{site.BaseUrl}/api/log?date={LogSite.Day:yyyy-MM-dd}&view=all&pageSize=5");
        await page.ClickAsync("#older");
        var secondPage = page.Url;
        var rows = await page.Locator("#calls tbody tr").AllInnerTextsAsync();

        await page.Locator("#calls tbody tr >> nth=2").Locator("a", new() { HasTextString = "Details" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Call ");
        await page.ClickAsync("#back-to-log");

        Assert.Equal(secondPage, page.Url);
        Assert.Equal(rows, await page.Locator("#calls tbody tr").AllInnerTextsAsync());
        await Assertions.Expect(page.Locator(".tabs a[aria-current=page]")).ToHaveTextAsync("All 17");
    }
}
