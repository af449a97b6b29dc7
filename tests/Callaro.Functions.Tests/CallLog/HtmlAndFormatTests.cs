using System.Globalization;
using Callaro.Functions.CallLog;

namespace Callaro.Functions.Tests.CallLog;

public sealed class HtmlAndFormatTests
{
    [Fact]
    public void ValuesAreEncodedByDefault()
    {
        var name = "<script>alert(\"x\")</script>&'";
        var html = Html.Of($"<td title=\"{name}\">{name}</td>").ToString();

        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("\"x\"", html);
        Assert.StartsWith("<td title=\"&lt;script&gt;", html);
    }

    [Fact]
    public void FragmentsAreNotEncodedTwice()
    {
        var inner = Html.Of($"<b>{"a&b"}</b>");
        Assert.Equal("<p><b>a&amp;b</b></p>", Html.Of($"<p>{inner}</p>").ToString());
    }

    [Theory]
    [InlineData(0, "00:00:00")]
    [InlineData(59, "00:00:59")]
    [InlineData(3_661, "01:01:01")]
    [InlineData(360_000, "100:00:00")]
    [InlineData(-5, "00:00:00")]
    public void DurationsAreHoursMinutesSecondsAndHoursMayExceed99(int seconds, string expected) =>
        Assert.Equal(expected, CallLogFormat.Duration(seconds));

    [Theory]
    [InlineData("en-US", "America/New_York", "3/10/2026 5:30:00\u202FAM")]
    [InlineData("de-DE", "Europe/Berlin", "10.03.2026 10:30:00")]
    [InlineData("ja-JP", "Asia/Tokyo", "2026/03/10 18:30:00")]
    public void LocalTimesFollowTheLocaleAndTimeZone(string locale, string zone, string expected)
    {
        var instant = new DateTimeOffset(2026, 3, 10, 9, 30, 0, TimeSpan.Zero);
        Assert.Equal(expected, CallLogFormat.LocalTime(instant, CallLogFormat.FindZone(zone)!, CultureInfo.GetCultureInfo(locale)));
    }

    [Fact]
    public void AcceptLanguagePicksTheBestKnownLocale() =>
        Assert.Equal("de-DE", CallLogFormat.FromAcceptLanguage("xx-YY;q=0.9, de-DE;q=0.8, en;q=0.1")?.Name);
}
