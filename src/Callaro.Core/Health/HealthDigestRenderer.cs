using System.Globalization;
using System.Net;
using System.Text;
using Callaro.Core.Calls;

namespace Callaro.Core.Health;

/// <summary>
/// Renders a report as a self-contained HTML digest: inline styles and an inline SVG chart, no script,
/// so it stays readable when pasted into an email. Every value is HTML-encoded: call ids, campaign
/// names and reasons come from webhooks and are untrusted.
/// </summary>
public static class HealthDigestRenderer
{
    // Each reaches 4.5:1 against the white page and the light table and verdict backgrounds (WCAG AA), as text and as chart bars.
    private static readonly string[] StatusColors = ["#616161", "#1565c0", "#2e7d32", "#a84800", "#c62828"];
    private const string DegradedColor = "#a84800";
    private const string FailingColor = "#c62828";

    /// <summary>How many problems the verdict names; the rest are listed further down.</summary>
    public const int VerdictProblems = 3;
    private static readonly string[] StatusNames = ["ringing", "answered", "completed", "missed", "failed"];

    /// <summary>The paragraph on what the report cannot see.</summary>
    public const string KnownLimits =
        "This report sees only what reached Callaro. Calls whose webhooks never arrived are invisible except through " +
        "rejected deliveries and the empty-day warning. Items still within their grace period are counted as pending, " +
        "not missing, as of the report time; a later regeneration may turn them into logged or missing. Rejected deliveries " +
        "are counted per UTC hour, so for time zones with half-hour offsets the day's edges are approximate. Lists are capped; counts are exact.";

    /// <summary>Renders the digest.</summary>
    /// <param name="report">The report.</param>
    /// <param name="baseUrl">Prefix for links (e.g. the public URL) so they work from an email; empty keeps them relative.</param>
    public static string Render(HealthReport report, string baseUrl = "")
    {
        var html = new StringBuilder(16 * 1024);
        var title = $"Logging health — {report.WorkspaceId} — {Day(report.Date)}";
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").Append(E(title)).Append("</title></head>")
            .Append("<body style=\"font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#212121;max-width:860px;margin:16px auto;padding:0 12px\">")
            .Append("<h1 style=\"font-size:22px\">").Append(E(title)).Append("</h1>");
        if (report.Links is { } links)
            html.Append("<p id=\"day-links\">").Append(Link(baseUrl + links.PreviousDigest, "← Previous day")).Append(" · ")
                .Append(Link(baseUrl + links.Log, "This day's call log")).Append(" · ").Append(Link(baseUrl + links.NextDigest, "Next day →")).Append("</p>");
        Verdict(html, report);
        Alerts(html, report, baseUrl);
        Completeness(html, report);
        Chart(html, report);
        Consistency(html, report, baseUrl);
        Other(html, report, baseUrl);
        Trend(html, report);
        AllProblems(html, report);
        Sample(html, report, baseUrl);
        html.Append("<h2 style=\"font-size:17px\">Known limits</h2><p id=\"known-limits\" style=\"color:#555\">").Append(E(KnownLimits)).Append("</p>");
        return html.Append("</body></html>").ToString();
    }

    private static void Verdict(StringBuilder html, HealthReport report)
    {
        var (color, text) = report.Verdict switch
        {
            HealthVerdict.Healthy => ("#2e7d32", "Healthy: the log for this day can be trusted."),
            HealthVerdict.Degraded => (DegradedColor, "Degraded: some calls were not logged completely."),
            _ => (FailingColor, "Failing: do not trust the log for this day without checking."),
        };
        html.Append("<div id=\"verdict\" data-verdict=\"").Append(E(Word(report.Verdict))).Append("\" style=\"border-left:6px solid ").Append(color)
            .Append(";background:#fafafa;padding:10px 14px;margin:12px 0\"><strong style=\"color:").Append(color).Append(";font-size:18px\">")
            .Append(E(text)).Append("</strong>");
        if (report.NoCallsWarning is { } warning)
        {
            html.Append("<p style=\"font-weight:bold;color:" + FailingColor + "\">").Append(E(warning)).Append("</p>");
        }
        if (report.Issues.Count > 0)
        {
            // Issues come worst first: the verdict names the few that matter most, so it reads in seconds.
            html.Append("<ul id=\"worst-problems\">");
            foreach (var issue in report.Issues.Take(VerdictProblems))
            {
                Issue(html, issue);
            }
            if (report.Issues.Count > VerdictProblems)
            {
                html.Append("<li><a href=\"#all-problems\" style=\"color:#1565c0\">")
                    .Append(E(Invariant($"…and {report.Issues.Count - VerdictProblems} more problem(s), listed below."))).Append("</a></li>");
            }
            html.Append("</ul>");
        }
        var c = report.Calls;
        html.Append("<p>").Append(E(Invariant($"{c.Total} calls: {c.ByStatus.Completed} completed, {c.ByStatus.Answered} in progress, {c.ByStatus.Ringing} ringing, {c.ByStatus.Missed} missed, {c.ByStatus.Failed} failed. ") + Invariant($"Answer rate {Percent(c.AnswerRate)}; talk time {Duration(c.TotalTalkSeconds)} in total, {(c.AverageTalkSeconds is { } avg ? Duration((long)avg) : "—")} on average."))).Append("</p></div>");
    }

    private static void Issue(StringBuilder html, HealthIssue issue) =>
        html.Append("<li><span style=\"color:").Append(issue.Severity == HealthVerdict.Failing ? FailingColor : DegradedColor).Append("\">")
            .Append(E(Word(issue.Severity))).Append("</span>: ").Append(E(issue.Message)).Append("</li>");

    private static void AllProblems(StringBuilder html, HealthReport report)
    {
        if (report.Issues.Count <= VerdictProblems)
        {
            return;
        }
        html.Append("<h2 id=\"all-problems\" style=\"font-size:17px\">").Append(E(Invariant($"Every problem ({report.Issues.Count}), worst first"))).Append("</h2><ul>");
        foreach (var issue in report.Issues)
        {
            Issue(html, issue);
        }
        html.Append("</ul>");
    }

    private static void Alerts(StringBuilder html, HealthReport report, string baseUrl)
    {
        var a = report.Alerts;
        html.Append("<h2 id=\"missed-failed\" style=\"font-size:17px\">Missed and failed calls</h2><p>")
            .Append(E(Invariant($"{a.Missed} missed, {a.Failed} failed. "))).Append(Link(baseUrl + a.AlertViewLink, "Open them in the log"))
            .Append("</p>");
        if (a.FollowUps is { } f && f.Open + f.CalledBack > 0)
            html.Append("<p id=\"follow-ups\">").Append(E(Invariant($"{f.Open} still open: nobody reached the caller within {f.WindowHours:0.#} h or by the report time. ")
                + Invariant($"{f.CalledBack} called back") + (f.MedianSecondsToCallback is { } m ? Invariant($", after {FollowUpDelay(m)} (median).") : "."))).Append("</p>");
        CallTable(html, a.Calls, baseUrl, r => r, _ => "");
    }

    private static void Completeness(StringBuilder html, HealthReport report)
    {
        html.Append("<h2 style=\"font-size:17px\">Completeness per campaign</h2>");
        foreach (var campaign in report.Campaigns)
        {
            html.Append("<h3 style=\"font-size:15px;margin-bottom:4px\">").Append(E(CampaignName(campaign.CampaignId))).Append(" — ")
                .Append(E(Word(campaign.Verdict))).Append("</h3><table role=\"presentation\" style=\"border-collapse:collapse\">");
            var checks = new (string Name, CompletenessCheck Check)[]
            {
                ("Outcome and summary", campaign.Completeness.OutcomeAndSummary), ("Transcript", campaign.Completeness.Transcript),
                ("Recording", campaign.Completeness.Recording), ("CRM activity", campaign.Completeness.CrmActivity),
                ("Expected fields", campaign.Completeness.ExpectedFields),
            };
            foreach (var (name, check) in checks.Where(c => c.Check.Enabled))
            {
                var share = check.Eligible == 0 ? 0 : (double)check.Logged / check.Eligible;
                var width = (int)Math.Round(share * 240);
                html.Append("<tr><td style=\"padding:2px 8px 2px 0;width:150px\">").Append(E(name)).Append("</td>")
                    .Append("<td style=\"padding:2px 0\"><div style=\"width:240px;height:12px;background:#ffcdd2\"><div style=\"width:")
                    .Append(width.ToString(CultureInfo.InvariantCulture)).Append("px;height:12px;background:#2e7d32\"></div></div></td>")
                    .Append("<td style=\"padding:2px 8px;font-size:13px\">")
                    .Append(E(Invariant($"{check.Logged} of {check.Eligible} logged; {check.Pending} pending; {check.Missing} missing{(check.Unreadable > 0 ? $"; {check.Unreadable} unreadable" : "")}")))
                    .Append("</td></tr>");
            }
            if (!checks.Any(c => c.Check.Enabled))
            {
                html.Append("<tr><td>No logging features enabled for this campaign.</td></tr>");
            }
            html.Append("</table>");
            var t = campaign.Timeliness;
            html.Append("<p style=\"font-size:13px;color:#555\">").Append(E(Invariant(
                $"Delay after the call (median / p95): transcript {Delay(t.Transcript)}, recording {Delay(t.Recording)}, CRM {Delay(t.CrmActivity)}."))).Append("</p>");
        }
    }

    private static void Chart(StringBuilder html, HealthReport report)
    {
        const int barWidth = 24, height = 140, left = 30, top = 10;
        var max = Math.Max(1, report.Calls.PerHour.Max(h => h.Calls.Total));
        html.Append("<h2 style=\"font-size:17px\">Calls per hour by status</h2>")
            .Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Calls per hour by status\" width=\"{left + 24 * barWidth + 10}\" height=\"{height + top + 40}\" style=\"font-family:Arial,sans-serif;font-size:12px\">"))
            .Append(Invariant($"<text x=\"0\" y=\"{top + 8}\">{max}</text><text x=\"0\" y=\"{top + height}\">0</text>"));
        foreach (var hour in report.Calls.PerHour)
        {
            var x = left + hour.Hour * barWidth;
            var y = (double)(top + height);
            long[] counts = [hour.Calls.Ringing, hour.Calls.Answered, hour.Calls.Completed, hour.Calls.Missed, hour.Calls.Failed];
            for (var s = 0; s < counts.Length; s++)
            {
                if (counts[s] == 0)
                {
                    continue;
                }
                var h = (double)counts[s] / max * height;
                y -= h;
                html.Append(Invariant($"<rect x=\"{x + 2}\" y=\"{y:0.##}\" width=\"{barWidth - 4}\" height=\"{h:0.##}\" fill=\"{StatusColors[s]}\"><title>{hour.Hour:00}:00 {StatusNames[s]}: {counts[s]}</title></rect>"));
            }
            if (hour.Hour % 3 == 0)
            {
                html.Append(Invariant($"<text x=\"{x + 2}\" y=\"{top + height + 14}\">{hour.Hour:00}</text>"));
            }
        }
        for (var s = 0; s < StatusNames.Length; s++)
        {
            var x = left + s * 100;
            html.Append(Invariant($"<rect x=\"{x}\" y=\"{top + height + 24}\" width=\"10\" height=\"10\" fill=\"{StatusColors[s]}\"/><text x=\"{x + 14}\" y=\"{top + height + 33}\">{StatusNames[s]}</text>"));
        }
        html.Append("</svg>");
    }

    private static void Consistency(StringBuilder html, HealthReport report, string baseUrl)
    {
        html.Append("<h2 style=\"font-size:17px\">Outcome vs CRM</h2><p>");
        var totals = report.Campaigns.Select(c => c.Consistency).ToList();
        html.Append(E(Invariant($"{totals.Sum(c => c.Checked)} calls with CRM activity: {totals.Sum(c => c.Consistent)} consistent, ") + Invariant($"{totals.Sum(c => c.MappingProblem)} mapping problems, {totals.Sum(c => c.DownstreamOverwrite)} overwritten downstream, ")
            + Invariant($"{totals.Sum(c => c.SyncFailed)} sync failures, {totals.Sum(c => c.NoOutcome)} without an outcome."))).Append("</p>");
        var findings = report.ConsistencyFindings;
        CallTable(html, new CallList<ConsistencyFinding>(findings.Count, findings.Items), baseUrl, f => f.Call,
            f => Invariant($"{Kind(f.Kind)}{(f.Fields.Count > 0 ? ": " + string.Join(", ", f.Fields) : "")}"));
    }

    private static void Other(StringBuilder html, HealthReport report, string baseUrl)
    {
        html.Append("<h2 style=\"font-size:17px\">Stuck calls, attachments and rejected deliveries</h2>");
        html.Append("<p>").Append(E(Invariant($"{report.StuckCalls.Count} stuck call(s) (still ringing or answered long after they must have ended)."))).Append("</p>");
        CallTable(html, report.StuckCalls, baseUrl, r => r, r => Word(r.Status));
        html.Append("<p>").Append(E(Invariant($"{report.UnreadableTranscripts.Count} unreadable transcript(s)."))).Append("</p>");
        CallTable(html, report.UnreadableTranscripts, baseUrl, u => u.Call, u => u.Reason ?? "");
        html.Append("<p>").Append(E(Invariant($"{report.OrphanAttachments.Count} file(s) for calls that were never logged"))).Append(report.OrphanAttachments.Count > 0 ? ":" : ".").Append("</p>");
        if (report.OrphanAttachments.Count > 0)
        {
            html.Append("<ul>");
            foreach (var orphan in report.OrphanAttachments.Items)
            {
                html.Append("<li>").Append(E(Invariant($"{orphan.BlobName} (call {orphan.CallId}, arrived {orphan.ArrivedAt:yyyy-MM-dd HH:mm} UTC)"))).Append("</li>");
            }
            html.Append("</ul>");
        }
        html.Append("<p id=\"rejections\">").Append(E(Invariant($"{report.Rejections.Total} webhook deliveries rejected"))).Append(report.Rejections.Total > 0 ? ":" : ".").Append("</p>");
        if (report.Rejections.Total > 0)
        {
            html.Append("<ul>");
            foreach (var r in report.Rejections.ByEndpointAndReason)
            {
                html.Append("<li>").Append(E(Invariant($"{r.Endpoint}, {r.Reason}: {r.Count}"))).Append("</li>");
            }
            html.Append("</ul>");
        }
    }

    private static void Trend(StringBuilder html, HealthReport report)
    {
        html.Append("<h2 style=\"font-size:17px\">Trend</h2><ul>");
        foreach (var (label, t) in new[] { ("Previous day", report.Trend.PreviousDay), ("Same weekday last week", report.Trend.SameWeekdayLastWeek) })
        {
            html.Append("<li>").Append(E(t.Available
                ? Invariant($"{label} ({Day(t.Date)}): {t.TotalCalls} calls ({Signed(t.CallsChange)} today), answer rate {SignedPoints(t.AnswerRateChange)}, completeness {SignedPoints(t.CompletenessChange)}, missed and failed {Signed(t.MissedAndFailedChange)}; it was {Word(t.Verdict ?? HealthVerdict.Healthy)}.")
                : Invariant($"{label} ({Day(t.Date)}): no report."))).Append("</li>");
        }
        html.Append("</ul>");
    }

    private static void Sample(StringBuilder html, HealthReport report, string baseUrl)
    {
        html.Append("<h2 style=\"font-size:17px\">Review sample</h2><p style=\"font-size:13px;color:#555\">")
            .Append(E(Invariant($"{report.Sample.Calls.Count} calls picked at random (seeded by {report.Sample.Seed}, so everyone sees the same ones). Open each and check the outcome matches the conversation.")))
            .Append("</p>");
        CallTable(html, new CallList<SampleCall>(report.Sample.Calls.Count, report.Sample.Calls), baseUrl, s => s.Call,
            s => Invariant($"{s.Outcome ?? "no outcome"}; transcript {Word(s.Transcript)}, recording {Word(s.Recording)}"));
    }

    private static void CallTable<T>(StringBuilder html, CallList<T> list, string baseUrl, Func<T, CallRef> call, Func<T, string> note)
    {
        if (list.Items.Count == 0)
        {
            return;
        }
        html.Append("<table style=\"border-collapse:collapse;font-size:13px;margin:4px 0 8px\"><tr style=\"text-align:left;background:#f5f5f5\">")
            .Append("<th style=\"padding:3px 8px\">Number</th><th style=\"padding:3px 8px\">Campaign</th><th style=\"padding:3px 8px\">Operator</th><th style=\"padding:3px 8px\">Status</th><th style=\"padding:3px 8px\">Started (UTC)</th><th style=\"padding:3px 8px\"></th></tr>");
        foreach (var item in list.Items)
        {
            var c = call(item);
            // Managers know a call by its number; the id only when no number was reported.
            html.Append("<tr><td style=\"padding:3px 8px\">").Append(Link(baseUrl + c.Link, c.Number ?? c.CallId)).Append("</td>")
                .Append("<td style=\"padding:3px 8px\">").Append(E(c.CampaignName ?? CampaignName(c.CampaignId ?? ""))).Append("</td>")
                .Append("<td style=\"padding:3px 8px\">").Append(E(c.Operator ?? "—")).Append("</td>")
                .Append("<td style=\"padding:3px 8px;color:").Append(StatusColors[(int)c.Status]).Append("\">").Append(E(Word(c.Status))).Append("</td>")
                .Append("<td style=\"padding:3px 8px\">").Append(E(c.StartedAt is { } s ? s.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "—")).Append("</td>")
                .Append("<td style=\"padding:3px 8px\">").Append(E(note(item))).Append("</td></tr>");
        }
        html.Append("</table>");
        if (list.NotListed > 0)
        {
            html.Append("<p style=\"font-size:13px\">").Append(E(Invariant($"…and {list.NotListed} more."))).Append("</p>");
        }
    }

    private static string Link(string href, string text) =>
        "<a href=\"" + E(href) + "\" style=\"color:#1565c0\">" + E(text) + "</a>";

    private static string E(string text) => WebUtility.HtmlEncode(text);
    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    private static string Day(DateOnly date) => date.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);
    private static string Word<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToLowerInvariant();
    private static string CampaignName(string id) => id.Length == 0 ? "Calls without a campaign" : "Campaign " + id;
    private static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";
    private static string Signed(long? n) => n is { } v ? v.ToString("+#;-#;0", CultureInfo.InvariantCulture) : "—";
    private static string SignedPoints(double? d) => d is { } v ? (v * 100).ToString("+0.#;-0.#;0", CultureInfo.InvariantCulture) + " pts" : "—";
    private static string FollowUpDelay(long seconds) => seconds switch
    {
        < 60 => Invariant($"{seconds} s"),
        < 3600 => Invariant($"{seconds / 60} min"),
        _ => Invariant($"{seconds / 3600} h {seconds % 3600 / 60} min"),
    };

    private static string Duration(long seconds) => TimeSpan.FromSeconds(seconds).ToString(seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);
    private static string Delay(DelayStats d) => d.Count == 0 ? "—" : Invariant($"{Duration(d.MedianSeconds ?? 0)} / {Duration(d.P95Seconds ?? 0)}");

    private static string Kind(ConsistencyKind kind) => kind switch
    {
        ConsistencyKind.MappingProblem => "mapping problem",
        ConsistencyKind.DownstreamOverwrite => "overwritten downstream",
        ConsistencyKind.SyncFailed => "CRM sync failed",
        _ => "no outcome to compare",
    };
}
