using System.Net;
using System.Text.RegularExpressions;
using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Core.Workspaces;
using Callaro.Functions.Tests.Infrastructure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace Callaro.Functions.Tests.CallLog;

/// <summary>
/// A reader who picks a time zone and locale keeps them as they click around the log: every link and form of the
/// pages carries <c>tz</c> and <c>locale</c>, so one click does not fall back to Accept-Language and the workspace default.
/// </summary>
public sealed partial class CallLogLinkTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private const string Choices = "tz=Europe/Berlin&locale=de-DE";
    private const string Hostile = "<script>alert(1)</script>\"'";

    private static async Task SeedAsync(CallaroApplication app)
    {
        var ingestor = new CallIngestor(app.Services.GetRequiredService<TableServiceClient>(), app.Names, new FixedTimeZoneSource(TimeZoneInfo.Utc));
        foreach (var (id, minutes) in new[] { ("a", 0), ("b", 10), ("c", 20) })
            await ingestor.IngestAsync([new CallEvent
            {
                EventId = id + "-1", Type = CallEventType.Completed, OccurredAt = Morning.AddMinutes(minutes + 1), CallId = id, Source = "callaro",
                StartedAt = Morning.AddMinutes(minutes), Caller = "+15550001", Callee = "+4930100", Direction = CallDirection.Incoming, DealId = "D-1",
            }]);
    }

    [GeneratedRegex("<a href=\"([^\"]*)\"([^>]*)>")]
    private static partial Regex Anchor();

    // Each link of the page: its decoded address and the rest of its opening tag.
    private static List<(string Href, string Attributes)> Links(string html) =>
        Anchor().Matches(html).Select(m => (WebUtility.HtmlDecode(m.Groups[1].Value), m.Groups[2].Value)).ToList();

    private static string Href(string html, Func<(string Href, string Attributes), bool> which, string what) =>
        Links(html).FirstOrDefault(which).Href ?? throw new Xunit.Sdk.XunitException($"The page has no {what} link:\n{html}");

    private static void CarriesTheChoices(string href)
    {
        Assert.Contains("tz=Europe%2FBerlin", href);
        Assert.Contains("locale=de-DE", href);
    }

    [Fact]
    public async Task EveryLinkOfALogPageKeepsTheChosenZoneAndLocale()
    {
        using var app = new CallaroApplication();
        app.Start();
        await SeedAsync(app);
        var client = app.CreateReaderClient();

        var first = await client.GetStringAsync($"/api/log?date=2026-03-10&view=all&pageSize=1&{Choices}");
        var second = await client.GetStringAsync(Href(first, l => l.Attributes.Contains("id=\"older\""), "Older"));

        var links = Links(second);
        Assert.Contains("Dienstag", second); // zone and locale survived the click on Older: German day, Berlin time
        Assert.Contains("10.03.2026 </span>10:10:00", second);
        CarriesTheChoices(Href(second, l => l.Attributes.Contains("id=\"older\""), "Older"));
        CarriesTheChoices(Href(second, l => l.Attributes.Contains("id=\"newer\""), "Newer"));
        CarriesTheChoices(Href(second, l => l.Href.Contains("view=alerts") && !l.Href.Contains("cursor="), "Missed & failed tab"));
        CarriesTheChoices(Href(second, l => l.Href.Contains("date=2026-03-09"), "previous day"));
        CarriesTheChoices(Href(second, l => l.Href.Contains("date=2026-03-11"), "next day"));
        CarriesTheChoices(Href(second, l => l.Href.StartsWith("/api/log/calls/b"), "call detail"));
        CarriesTheChoices(Href(second, l => l.Href.StartsWith("/api/log/deals/D-1"), "deal timeline"));
        Assert.All(links.Where(l => l.Href.StartsWith("/api/log")), l => CarriesTheChoices(l.Href));
        Assert.Equal(2, Regex.Count(second, "<input type=\"hidden\" name=\"tz\" value=\"Europe/Berlin\">"));
        Assert.Equal(2, Regex.Count(second, "<input type=\"hidden\" name=\"locale\" value=\"de-DE\">"));
    }

    [Fact]
    public async Task TheCallDetailAndDealTimelineKeepTheChosenZoneLocaleAndWorkspace()
    {
        using var app = new CallaroApplication();
        app.Start();
        await SeedAsync(app);
        var client = app.CreateReaderClient();

        var call = await client.GetStringAsync($"/api/log/calls/a?workspace=default&{Choices}");
        var deal = await client.GetStringAsync(Href(call, l => l.Href.StartsWith("/api/log/deals/D-1"), "deal"));

        Assert.Contains("Europe/Berlin", call);
        Assert.All(Links(call).Where(l => l.Href.StartsWith("/api/log")), l => CarriesTheChoices(l.Href));
        Assert.All(Links(deal).Where(l => l.Href.StartsWith("/api/log")), l => CarriesTheChoices(l.Href));
        CarriesTheChoices(Href(deal, l => l.Href.StartsWith("/api/log/calls/c"), "call detail"));
        Assert.Contains("10.03.2026 10:20:00", deal); // Berlin time, German format, after following the link
    }

    [Fact]
    public async Task AnotherWorkspaceIsKeptTooAndItsValuesAreEncoded()
    {
        // An empty workspace: only the page's links and answers are under test.
        using var app = new CallaroApplication().WithServices(EveryWorkspaceKnown.Register);
        app.Start();
        var client = app.CreateAdminClient();

        var page = await client.GetAsync($"/api/log?workspace=acme.eu&date=2026-03-10&{Choices}&number=%2B49%2030%26x");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("href=\"/api/log?workspace=acme.eu&amp;tz=Europe%2FBerlin&amp;locale=de-DE&amp;date=2026-03-09&amp;view=all&amp;number=%2B49%2030%26x\"", html);
        Assert.Equal(2, Regex.Count(html, "<input type=\"hidden\" name=\"workspace\" value=\"acme.eu\">"));
    }

    [Fact]
    public async Task AHostileZoneIsRejectedWith400AndNeverEchoedRaw()
    {
        // An empty workspace: only the page's links and answers are under test.
        using var app = new CallaroApplication().WithServices(EveryWorkspaceKnown.Register);
        app.Start();
        var client = app.CreateReaderClient();

        var response = await client.GetAsync("/api/log?date=2026-03-10&locale=de-DE&tz=" + Uri.EscapeDataString(Hostile));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not a known time zone", html);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("alert(1)</script>\"", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public async Task AHostileZoneIgnoredByTheCallPageIsNotPassedOnByItsLinks()
    {
        using var app = new CallaroApplication();
        app.Start();
        await SeedAsync(app);

        var html = await app.CreateReaderClient().GetStringAsync("/api/log/calls/a?locale=de-DE&tz=" + Uri.EscapeDataString(Hostile));

        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("tz=", html);
        Assert.All(Links(html).Where(l => l.Href.StartsWith("/api/log")), l => Assert.Contains("locale=de-DE", l.Href));
    }

    [Fact]
    public async Task BackToTheLogReturnsToTheDayTabAndPageTheCallWasOpenedFrom()
    {
        using var app = new CallaroApplication();
        app.Start();
        await SeedAsync(app);
        var client = app.CreateReaderClient();
        var first = await client.GetStringAsync("/api/log?date=2026-03-10&view=all&pageSize=1");
        var secondPage = Href(first, l => l.Attributes.Contains("id=\"older\""), "Older");
        var second = await client.GetStringAsync(secondPage);

        var call = await client.GetStringAsync(Href(second, l => l.Href.StartsWith("/api/log/calls/b"), "call detail"));

        var back = Href(call, l => l.Attributes.Contains("id=\"back-to-log\""), "back to the log");
        Assert.Equal(secondPage, back);
        Assert.Contains("cursor=", back);
    }

    [Fact]
    public async Task ABackLinkOnlyEverLeadsToTheLogWithItsOwnParameters()
    {
        using var app = new CallaroApplication();
        app.Start();
        await SeedAsync(app);
        var back = "date=2026-03-10&view=alerts&next=https://evil.example/&cursor=" + Hostile;

        var html = await app.CreateReaderClient().GetStringAsync("/api/log/calls/a?back=" + Uri.EscapeDataString(back));

        var link = Href(html, l => l.Attributes.Contains("id=\"back-to-log\""), "back to the log");
        Assert.StartsWith("/api/log?date=2026-03-10&view=alerts&cursor=", link);
        Assert.DoesNotContain("evil", link);
        Assert.DoesNotContain("<script>", html);
    }
}
