using Callaro.Core.Calls;
using Callaro.Core.Health;

namespace Callaro.Core.Tests.Health;

public class HealthDigestRendererTests
{
    private static string Render(IEnumerable<ReportCall> calls) => HealthDigestRenderer.Render(KnownDay.Build(calls));

    [Fact]
    public void TheVerdictComesFirstAndMissedAndFailedNext()
    {
        var html = Render(KnownDay.Calls());
        var verdict = html.IndexOf("id=\"verdict\"", StringComparison.Ordinal);
        var alerts = html.IndexOf("id=\"missed-failed\"", StringComparison.Ordinal);
        var chart = html.IndexOf("<svg", StringComparison.Ordinal);
        Assert.True(verdict > 0 && verdict < alerts && alerts < chart);
        Assert.Contains("data-verdict=\"failing\"", html);
        Assert.Contains("href=\"/api/log?workspace=acme&amp;date=2025-03-10&amp;view=alerts\"", html);
        Assert.Contains("Transcripts missing for 4 of 11 completed calls in campaign support", html);
    }

    [Fact]
    public void TheVerdictNamesAtMostTheThreeWorstProblemsThenTheFigures()
    {
        var report = KnownDay.Build(KnownDay.Calls());
        var html = HealthDigestRenderer.Render(report);
        Assert.True(report.Issues.Count > 3, "the known day has more problems than the verdict names");

        var verdict = html[html.IndexOf("id=\"verdict\"", StringComparison.Ordinal)..html.IndexOf("id=\"missed-failed\"", StringComparison.Ordinal)];
        var named = report.Issues.Where(i => verdict.Contains(System.Net.WebUtility.HtmlEncode(i.Message), StringComparison.Ordinal)).ToList();
        Assert.Equal(report.Issues.Take(3), named); // the worst three, worst first
        Assert.Contains($"…and {report.Issues.Count - 3} more problem(s), listed below.", verdict);
        Assert.True(verdict.IndexOf("more problem(s)", StringComparison.Ordinal) < verdict.IndexOf(" calls: ", StringComparison.Ordinal), "the figures come after the problems");
        var all = html[html.IndexOf("id=\"all-problems\"", StringComparison.Ordinal)..];
        Assert.All(report.Issues, i => Assert.Contains(System.Net.WebUtility.HtmlEncode(i.Message), all));
    }

    [Fact]
    public void MissedCallsAreListedByTheCallersNumberNotTheirIds()
    {
        var html = Render(
        [
            new ReportCall { CallId = "CAmissed1", Status = CallStatus.Missed, Direction = CallDirection.Incoming, Caller = "+4915112345678", Callee = "+4930123456", StartedAt = KnownDay.At(9, 0) },
            new ReportCall { CallId = "CAfailed2", Status = CallStatus.Failed, Direction = CallDirection.Outgoing, Caller = "+4930123456", Callee = "+14155550123", StartedAt = KnownDay.At(9, 5) },
        ]);
        var alerts = html[html.IndexOf("id=\"missed-failed\"", StringComparison.Ordinal)..html.IndexOf("<svg", StringComparison.Ordinal)];
        Assert.Contains(">+4915112345678</a>", alerts); // who called in
        Assert.Contains(">+14155550123</a>", alerts); // whom an outgoing call tried to reach
        Assert.DoesNotContain(">CAmissed1</a>", alerts);
        Assert.Contains("href=\"/api/log/calls/CAmissed1?workspace=acme\"", alerts); // the number still opens the call
    }

    [Fact]
    public void MissedCallsNameTheirOperatorAndCampaignWhereTheSettingsDo()
    {
        var names = new Callaro.Core.Settings.DisplayNames(
            new Dictionary<string, string> { ["op-7"] = "Dana <Whitfield>" }, new Dictionary<string, string> { ["spring"] = "Spring renewals" },
            Callaro.Core.Settings.DisplayNames.Empty);
        var report = KnownDay.Build(
        [
            new ReportCall { CallId = "named", OperatorId = "op-7", CampaignId = "spring", Status = CallStatus.Missed, Direction = CallDirection.Incoming, Caller = "+4915112345678", StartedAt = KnownDay.At(9, 0) },
            new ReportCall { CallId = "unnamed", OperatorId = "op-9", CampaignId = "autumn", Status = CallStatus.Missed, Direction = CallDirection.Incoming, Caller = "+4915100000000", StartedAt = KnownDay.At(9, 5) },
        ], KnownDay.Input() with { Names = names });
        var html = HealthDigestRenderer.Render(report);
        var alerts = html[html.IndexOf("id=\"missed-failed\"", StringComparison.Ordinal)..html.IndexOf("<svg", StringComparison.Ordinal)];

        Assert.Contains(">Spring renewals</td><td style=\"padding:3px 8px\">Dana &lt;Whitfield&gt;</td>", alerts);
        Assert.Contains(">Campaign autumn</td><td style=\"padding:3px 8px\">op-9</td>", alerts);
    }

    [Fact]
    public void TheDigestSaysHowManyMissedCallsAreStillOpenAndHowSoonTheOthersWereCalledBack()
    {
        var report = KnownDay.Build(KnownDay.Calls(), KnownDay.Input() with { FollowUps = new MissedCallFollowUpSummary(3, 5, 2 * 3600 + 15 * 60, 24) });
        var html = HealthDigestRenderer.Render(report);
        Assert.Contains("3 still open: nobody reached the caller within 24 h or by the report time. 5 called back, after 2 h 15 min (median).", html);
        Assert.Equal(3, report.Alerts.FollowUps!.Open);
    }

    [Fact]
    public void TheDigestFitsAPhoneAndLeadsToTheNeighbouringDaysAndTheDaysLog()
    {
        var html = Render(KnownDay.Calls());
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html);
        Assert.Contains("href=\"/api/reports/health/digest?workspace=acme&amp;date=2025-03-09\"", html);
        Assert.Contains("href=\"/api/reports/health/digest?workspace=acme&amp;date=2025-03-11\"", html);
        Assert.Contains("href=\"/api/log?workspace=acme&amp;date=2025-03-10&amp;view=all\"", html);
        Assert.DoesNotContain("font-size:10px", html); // chart labels are at least 12 px
    }

    [Fact]
    public void TheDigestHasNoScriptAndEncodesEveryValue()
    {
        var hostile = new ReportCall
        {
            CallId = "<script>alert(1)</script>", CampaignId = "\"><img src=x onerror=alert(2)>", Status = CallStatus.Missed,
            StartedAt = KnownDay.At(9, 0), Outcome = "<b>won</b>",
        };
        var html = Render([hostile]);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>won", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Fact]
    public void TheChartIsInlineSvgWithOneBarPerStatusAndHour()
    {
        var html = Render(KnownDay.Calls());
        // Kept as an artifact so the digest can be opened (or screenshotted) by hand.
        var artifacts = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts"));
        File.WriteAllText(Path.Combine(artifacts.FullName, "health-digest.html"), html);
        Assert.Contains("<title>09:00 completed: 8</title>", html);
        Assert.Contains("<title>09:00 missed: 1</title>", html);
        Assert.Contains("<title>20:00 ringing: 1</title>", html);
        Assert.Contains("id=\"known-limits\"", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("<style", html); // inline styles only, so it survives email clients
    }
}
