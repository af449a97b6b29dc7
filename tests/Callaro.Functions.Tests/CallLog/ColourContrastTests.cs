using System.Globalization;
using System.Text.RegularExpressions;
using Callaro.Core.Calls;
using Callaro.Core.Health;
using Callaro.Functions.CallLog;

namespace Callaro.Functions.Tests.CallLog;

/// <summary>
/// Every text and chart colour the log's stylesheet and the digest's inline styles actually use reaches WCAG AA's
/// 4.5:1 against the background it sits on. The colours are read from what the app renders, not from a list kept here.
/// </summary>
public sealed partial class ColourContrastTests
{
    private const double AA = 4.5;

    [Fact]
    public void EveryTextColourOfTheLogStylesheetMeetsAAOnItsBackground()
    {
        var rules = CssRules().Matches(HtmlPage.Stylesheet)
            .Select(m => (Selectors: m.Groups["selectors"].Value.Split(','), Body: m.Groups["body"].Value))
            .SelectMany(r => r.Selectors.Select(s => (Selector: s.Trim(), Colour: Declared(r.Body, "color"), Background: Declared(r.Body, "background"))))
            .ToList();
        var body = rules.First(r => r.Selector == "body" && r.Colour is not null);
        // Text without a background of its own sits on the page, a table, or a missed call's row.
        string[] surfaces = [body.Background!, "#fff", rules.Single(r => r.Selector == "tr.alert-row").Background!];

        var pairs = new List<(string Where, string Text, string Background)>();
        foreach (var rule in rules.Where(r => r.Colour is not null || r.Background is not null))
        {
            // A rule like "header a" inherits the background of "header".
            var container = rules.FirstOrDefault(r => r.Background is not null && rule.Selector.StartsWith(r.Selector + " ", StringComparison.Ordinal)).Background;
            var text = rule.Colour ?? body.Colour!;
            string[] backgrounds = rule.Background is { } own ? [own] : container is not null ? [container] : surfaces;
            pairs.AddRange(backgrounds.Select(b => (rule.Selector, text, b)));
        }

        Assert.True(pairs.Count >= 10, "the stylesheet's colours were not found");
        Assert.All(pairs, p => Assert.True(Ratio(p.Text, p.Background) >= AA,
            $"{p.Where}: {p.Text} on {p.Background} is {Ratio(p.Text, p.Background):0.00}:1, below {AA}:1"));
    }

    [Fact]
    public void EveryTextAndChartColourOfTheDigestMeetsAAOnEveryBackgroundItUses()
    {
        var html = HealthDigestRenderer.Render(DayWithEveryStatusAndProblem());

        // Surfaces text sits on (the completeness bars are charts, checked below).
        var backgrounds = Hex(BackgroundColours().Matches(html)).Append("#ffffff").Distinct().ToList();
        var texts = Hex(TextColours().Matches(html)).Distinct().ToList();
        var bars = Hex(ChartFills().Matches(html)).Concat(Hex(BarFills().Matches(html))).Distinct().ToList();

        Assert.Contains("#c62828", texts); // the failing verdict, so the digest's colours were found
        Assert.True(bars.Count >= 5, "every status has a chart colour");
        Assert.All(texts.SelectMany(t => backgrounds.Select(b => (t, b))), p => Assert.True(Ratio(p.t, p.b) >= AA,
            $"text {p.t} on {p.b} is {Ratio(p.t, p.b):0.00}:1, below {AA}:1"));
        Assert.All(bars, f => Assert.True(Ratio(f, "#ffffff") >= AA, $"chart colour {f} on white is {Ratio(f, "#ffffff"):0.00}:1, below {AA}:1"));
    }

    [Theory]
    [InlineData("#000000", "#ffffff", 21.0)]
    [InlineData("#777777", "#ffffff", 4.48)]
    [InlineData("#fff", "#fff", 1.0)]
    public void TheRatioIsWcagsRelativeLuminanceFormula(string a, string b, double expected) =>
        Assert.Equal(expected, Ratio(a, b), 2);

    private static HealthReport DayWithEveryStatusAndProblem()
    {
        var day = new DateOnly(2026, 3, 10);
        var at = new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
        var builder = new HealthReportBuilder(new HealthReportInput
        {
            WorkspaceId = "acme", Date = day, TimeZone = TimeZoneInfo.Utc, AsOf = at.AddDays(1),
            Campaigns = new Dictionary<string, CampaignHealthSettings> { ["sales"] = new() { TranscriptionEnabled = true, RecordingEnabled = true } },
            Rejections = [new("twilio", "signature", 40)],
            Orphans = [new("recordings/acme/ghost.mp3", "ghost", at)],
        });
        var statuses = Enum.GetValues<CallStatus>();
        for (var i = 0; i < 20; i++)
        {
            var status = statuses[i % statuses.Length];
            var answered = status is CallStatus.Answered or CallStatus.Completed;
            builder.Add(new ReportCall
            {
                CallId = "C" + i.ToString(CultureInfo.InvariantCulture), CampaignId = "sales", Status = status, Direction = CallDirection.Incoming,
                Caller = "+4930111" + i.ToString("000", CultureInfo.InvariantCulture), Callee = "+4930999",
                StartedAt = at.AddMinutes(i), AnsweredAt = answered ? at.AddMinutes(i) : null, EndedAt = status == CallStatus.Completed ? at.AddMinutes(i + 2) : null,
                TalkSeconds = status == CallStatus.Completed ? 120 : 0,
            });
        }
        return builder.Build();
    }

    private static string? Declared(string body, string property) =>
        Declaration().Matches(body).FirstOrDefault(m => m.Groups["property"].Value == property)?.Groups["value"].Value;

    private static IEnumerable<string> Hex(MatchCollection matches) => matches.Select(m => Normalise(m.Groups["hex"].Value));

    private static string Normalise(string hex)
    {
        hex = hex.TrimStart('#').ToLowerInvariant();
        return "#" + (hex.Length == 3 ? string.Concat(hex.Select(c => $"{c}{c}")) : hex);
    }

    /// <summary>WCAG 2.x contrast ratio: (L1 + 0.05) / (L2 + 0.05) of the relative luminances.</summary>
    private static double Ratio(string a, string b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static double Luminance(string colour)
    {
        var hex = Normalise(colour)[1..];
        double Channel(int i)
        {
            var c = int.Parse(hex.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(0) + 0.7152 * Channel(2) + 0.0722 * Channel(4);
    }

    [GeneratedRegex(@"(?<selectors>[^{}]+)\{(?<body>[^{}]*)\}")]
    private static partial Regex CssRules();

    [GeneratedRegex(@"(?<property>[a-z-]+)\s*:\s*(?<value>#[0-9a-fA-F]{3,6})")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"(?<![-a-z])color:(?<hex>#[0-9a-fA-F]{3,6})")]
    private static partial Regex TextColours();

    [GeneratedRegex(@"(?<!height:12px;)background:(?<hex>#[0-9a-fA-F]{3,6})")]
    private static partial Regex BackgroundColours();

    [GeneratedRegex(@"<rect[^>]*fill=""(?<hex>#[0-9a-fA-F]{3,6})""")]
    private static partial Regex ChartFills();

    [GeneratedRegex(@"height:12px;background:(?<hex>#[0-9a-fA-F]{3,6})"">\s*</div>")]
    private static partial Regex BarFills();
}
