using System.Globalization;
using Callaro.Core.CallLog;
using Callaro.Core.Calls;
using Callaro.Core.Settings;
using Callaro.Functions.Settings;

namespace Callaro.Functions.CallLog;

/// <summary>The routes of the call log (all under the Functions host's <c>api</c> prefix).</summary>
public static class CallLogRoutes
{
    public const string Calls = "/api/calls";
    public const string Export = "/api/calls/export";
    public const string Log = "/api/log";
    public const string Login = "/api/log/login";
    public const string Logout = "/api/log/logout";
    // Links from a page should come from its CallLogLinks, which also carries tz and locale.
    public static string Call(string callId, string workspace) => new CallLogLinks(workspace).Call(callId);
    public static string Deal(string dealId, string workspace) => new CallLogLinks(workspace).Deal(dealId);
    /// <summary>The attachments endpoint answers with a 302 to a short-lived read-only link.</summary>
    public static string Recording(string callId, string workspace) => new CallLogLinks(workspace).Recording(callId);
    /// <summary>A call's record in the JSON API.</summary>
    public static string CallRecord(string callId, string workspace) =>
        Calls + "/" + Uri.EscapeDataString(callId) + (workspace == CallLogRequest.DefaultWorkspace ? "" : "?workspace=" + Uri.EscapeDataString(workspace));
}

/// <summary>What the log page shows.</summary>
/// <param name="FollowUps">The follow-up of each missed or failed call on the page.</param>
/// <param name="Overview">On the Missed &amp; failed tab, every missed call of the days shown, for the counts.</param>
/// <param name="Counts">How many calls each tab holds for the days shown, when counted.</param>
/// <param name="Names">Names of operators, campaigns and deals from the settings; ids show where none is known.</param>
public sealed record LogPageModel(CallLogQuery Query, CallLogDisplay Display, CallLogPage Page, bool FiltersApplied, CallLogLinks Links,
    IReadOnlyDictionary<string, FollowUp> FollowUps, FollowUpOverview? Overview, TabCounts? Counts = null, DisplayNames? Names = null)
{
    public DisplayNames Named => Names ?? DisplayNames.None;
}

/// <summary>Renders the call log's pages. Every value goes through <see cref="Html.Of"/>, so it is encoded.</summary>
public static class CallLogViews
{
    public static HtmlPage LogPage(LogPageModel m)
    {
        var q = m.Query;
        var dayLabel = q.From == q.To ? q.From.ToString("dddd d MMMM yyyy", m.Display.Culture) : $"{q.From:yyyy-MM-dd} – {q.To:yyyy-MM-dd}";
        var body = Html.Of($"""
            <h1>Calls · {dayLabel}</h1>
            {DayNavigation(q, m.Links)}
            {Tabs(q, m.Links, m.Counts)}
            {FollowUpCounts(m)}
            {Filters(q, m.Links, m.Named)}
            {Table(m)}
            {Paging(m)}
            """);
        return new HtmlPage(200, "Calls " + dayLabel, body) { HomeUrl = m.Links.Home() };
    }

    // Days from..to, with the tab and filters carried: a range changes which days are shown, nothing else.
    private static Html DayNavigation(CallLogQuery q, CallLogLinks links)
    {
        var span = q.To.DayNumber - q.From.DayNumber + 1;
        // Other days start at their newest call: a page cursor belongs to the days it was made for.
        var earlier = links.Log(q with { From = q.From.AddDays(-span), To = q.To.AddDays(-span), Cursor = null });
        var later = links.Log(q with { From = q.From.AddDays(span), To = q.To.AddDays(span), Cursor = null });
        var unit = span == 1 ? "day" : $"{span} days";
        return Html.Of($"""
            <nav class="bar" aria-label="Days">
            <a href="{earlier}" rel="prev" id="earlier">← Previous {unit}</a>
            <form method="get" action="{CallLogRoutes.Log}" id="range">{links.HiddenFields()}{FilterFields(q)}
            <label>From <input type="date" name="date" value="{Day(q.From)}" required></label>
            <label>To <input type="date" name="to" value="{Day(q.To)}"></label><button type="submit">Show</button></form>
            <a href="{later}" rel="next" id="later">Next {unit} →</a>
            </nav>
            """);
    }

    // The tab and filters as hidden fields, for the range form.
    private static Html FilterFields(CallLogQuery q) => Html.Join(new[]
    {
        Hidden("view", Word(q.View)),
        q.Direction is { } d ? Hidden("direction", Word(d)) : Html.Empty,
        q.Number is { } n ? Hidden("number", n) : Html.Empty,
        q.Operator is { } o ? Hidden("operator", o) : Html.Empty,
        q.Campaign is { } c ? Hidden("campaign", c) : Html.Empty,
        q.HasRecording is { } r ? Hidden("hasRecording", r ? "true" : "false") : Html.Empty,
        q.Incomplete ? Hidden("incomplete", "true") : Html.Empty,
    }.Concat(q.Statuses.Select(s => Hidden("status", Word(s)))));

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Html Tabs(CallLogQuery q, CallLogLinks links, TabCounts? counts)
    {
        Html Tab(CallLogView view, string label, TabCount? count) => Html.Of(
            $"<a href=\"{links.Log(q with { View = view, Cursor = null })}\" id=\"tab-{Word(view)}\"{Html.When(q.View == view, Html.Trusted(" aria-current=\"page\""))}>{label}{Html.When(count is not null, Html.Of($" <span class=\"count\">{count}</span>"))}</a>");
        return Html.Of($"<nav class=\"tabs\" aria-label=\"Views\">{Tab(CallLogView.Alerts, "Missed & failed", counts?.Alerts)}{Tab(CallLogView.All, "All", counts?.All)}</nav>");
    }

    private static Html Filters(CallLogQuery q, CallLogLinks links, DisplayNames names)
    {
        Html Option(string value, string label, bool selected) =>
            Html.Of($"<option value=\"{value}\"{Html.When(selected, Html.Trusted(" selected"))}>{label}</option>");
        var directions = Html.Join(new[] { ("", "Any direction") }.Concat(Enum.GetValues<CallDirection>().Select(d => (Word(d), Word(d))))
            .Select(d => Option(d.Item1, d.Item2, (q.Direction is { } qd ? Word(qd) : "") == d.Item1)));
        var statuses = Html.Join(Enum.GetValues<CallStatus>().Select(s => Html.Of(
            $"<label><input type=\"checkbox\" name=\"status\" value=\"{Word(s)}\"{Html.When(q.Statuses.Contains(s), Html.Trusted(" checked"))}> {Word(s)}</label>")));
        return Html.Of($"""
            <form class="bar" method="get" action="{CallLogRoutes.Log}" aria-label="Filters">
            {links.HiddenFields()}{Hidden("date", q.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}{Hidden("to", q.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}{Hidden("view", Word(q.View))}
            <select name="direction" aria-label="Direction">{directions}</select>
            {statuses}
            <label>Number <input type="search" name="number" value="{q.Number}" placeholder="+4930…"></label>
            {Choice("operator", "Operator", "Any operator", names.Operators, q.Operator)}
            {Choice("campaign", "Campaign", "Any campaign", names.Campaigns, q.Campaign)}
            <select name="hasRecording" aria-label="Recording">{Option("", "With or without recording", q.HasRecording is null)}{Option("true", "With recording", q.HasRecording == true)}{Option("false", "Without recording", q.HasRecording == false)}</select>
            <label><input type="checkbox" name="incomplete" value="true"{Html.When(q.Incomplete, Html.Trusted(" checked"))}> Logging incomplete</label>
            <button type="submit">Apply</button>
            </form>
            """);
    }

    /// <summary>
    /// A choice of the operators or campaigns the settings name (by name, sorted), plus the one filtered on if the settings do
    /// not name it; a free text box where the settings name none.
    /// </summary>
    private static Html Choice(string name, string label, string any, IReadOnlyDictionary<string, string> known, string? selected)
    {
        if (known.Count == 0)
            return Html.Of($"<label>{label} <input type=\"search\" name=\"{name}\" value=\"{selected}\" size=\"10\"></label>");
        var options = known.OrderBy(p => p.Value, StringComparer.CurrentCultureIgnoreCase).Select(p => (p.Key, p.Value)).ToList();
        if (selected is not null && !known.ContainsKey(selected)) options.Add((selected, selected));
        Html Option(string value, string text, bool on) =>
            Html.Of($"<option value=\"{value}\"{Html.When(on, Html.Trusted(" selected"))}>{text}</option>");
        return Html.Of($"<select name=\"{name}\" aria-label=\"{label}\">{Option("", any, selected is null)}{Html.Join(options.Select(o => Option(o.Key, o.Value, o.Key == selected)))}</select>");
    }

    private static Html Table(LogPageModel m)
    {
        if (m.Page.Items.Count == 0)
            return Html.Of($"<p class=\"notice\" id=\"empty\">{EmptyMessage(m)}</p>");
        // Missed calls nobody has reached yet come first: they are the ones to act on.
        var items = m.Query.View == CallLogView.Alerts
            ? m.Page.Items.OrderBy(i => m.FollowUps.GetValueOrDefault(i.CallId)?.State == FollowUpState.Open ? 0 : 1).ToList()
            : m.Page.Items;
        // The time opens the call too, so a phone that hides the links column still reaches the details; both remember this page.
        var rows = items.Select(i => Html.Of($"""
            <tr{Html.When(i.Alert, Html.Trusted(" class=\"alert-row\""))}>
            <td class="c-dir">{(i.Direction is { } d ? Word(d) : "—")}</td><td class="c-caller">{i.Caller ?? "—"}</td><td class="c-callee">{i.Callee ?? "—"}</td>
            <td class="c-status">{StatusBadge(i.Status)}{Html.When(i.Alert, MissedDetails(i, m.FollowUps.GetValueOrDefault(i.CallId), m.Links, m.Named))}</td><td class="c-duration">{CallLogFormat.Duration(i.DurationSeconds)}</td>
            <td class="c-time"><a href="{m.Links.Call(i.CallId, m.Query)}"><time datetime="{CallLogFormat.Utc(i.StartedAt)}">{LocalDayAndTime(i.StartedAt, m.Display)}</time></a></td>
            <td class="c-who">{Who(i, m.Named)}</td>
            <td class="c-links"><a href="{m.Links.Call(i.CallId, m.Query)}">Details</a>{Html.When(i.DealId is not null, Html.Of($" · <a href=\"{m.Links.Deal(i.DealId ?? "")}\">{m.Named.Deal(i.DealId) ?? "Deal"}</a>"))}</td>
            </tr>
            """));
        var oneDay = m.Query.From == m.Query.To;
        return Html.Of($"""
            <table id="calls"{Html.When(oneDay, Html.Trusted(" class=\"one-day\""))}><thead><tr><th class="c-dir">Direction</th><th class="c-caller">Caller</th><th class="c-callee">Callee</th><th class="c-status">Status</th><th class="c-duration">Duration</th><th class="c-time">Date</th><th class="c-who">Operator · campaign</th><th class="c-links"><span class="visually-hidden">Links</span></th></tr></thead>
            <tbody>{rows}</tbody></table>
            """);
    }

    // The day and the time apart, so a phone can drop the day where the heading already names it.
    private static Html LocalDayAndTime(DateTimeOffset instant, CallLogDisplay display)
    {
        var local = TimeZoneInfo.ConvertTime(instant, display.Zone);
        return Html.Of($"<span class=\"day\">{local.ToString("d", display.Culture)} </span>{local.ToString("T", display.Culture)}");
    }

    // Operator and campaign by name where the settings give one, by id otherwise.
    private static Html Who(CallLogItem i, DisplayNames names)
    {
        var op = i.OperatorId is { } o ? names.Operator(o) ?? o : null;
        var campaign = i.CampaignId is { } c ? names.Campaign(c) ?? c : null;
        return op is null && campaign is null ? Html.Trusted("—")
            : Html.Of($"{op ?? "—"}{Html.When(campaign is not null, Html.Of($"<div class=\"who\">{campaign}</div>"))}");
    }

    // How long it rang, why, who had it, and whether the caller was reached afterwards.
    private static Html MissedDetails(CallLogItem i, FollowUp? followUp, CallLogLinks links, DisplayNames names)
    {
        var rang = i.RingSeconds is { } r ? Html.Of($"rang {CallLogFormat.Span(TimeSpan.FromSeconds(r))}") : Html.Empty;
        var who = i.OperatorId is { } op ? names.Operator(op) ?? op : i.CampaignId is { } c ? names.Campaign(c) ?? c : null;
        var state = followUp switch
        {
            { State: FollowUpState.CalledBack, CallbackCallId: { } id } f => Html.Of(
                $"<a class=\"badge followup-done\" href=\"{links.Call(id)}\">called back after {CallLogFormat.Span(f.TimeToCallback ?? TimeSpan.Zero)}</a>"),
            { State: FollowUpState.Open } => Html.Of($"<span class=\"badge followup-open\">open</span>"),
            _ => Html.Empty,
        };
        return Html.Of($"""
             {state}<div class="missed">{i.Reason}{Html.When(i.RingSeconds is not null, Html.Of($" · {rang}"))}{Html.When(who is not null, Html.Of($" · {(i.OperatorId is not null ? "operator" : "queue")} {who}"))}</div>
            """);
    }

    private static Html FollowUpCounts(LogPageModel m)
    {
        if (m.Overview is not { } o || o.Calls.Count == 0) return Html.Empty;
        var more = o.Complete ? Html.Empty : Html.Of($" (the newest {o.Calls.Count} counted)");
        return Html.Of($"""
            <p class="bar" id="followups"><strong>{o.Open} open</strong> · {o.CalledBack} called back{more}</p>
            """);
    }

    private static Html FollowUpRow(FollowUp? f, CallLogLinks links) => f switch
    {
        { State: FollowUpState.CalledBack, CallbackCallId: { } id } => Html.Of(
            $"<dt>Follow-up</dt><dd id=\"followup\">Called back after {CallLogFormat.Span(f.TimeToCallback ?? TimeSpan.Zero)}: <a href=\"{links.Call(id)}\">{id}</a></dd>"),
        { State: FollowUpState.Open } => Html.Of($"<dt>Follow-up</dt><dd id=\"followup\"><span class=\"badge followup-open\">open</span> nobody has reached the caller since</dd>"),
        _ => Html.Empty,
    };

    private static string EmptyMessage(LogPageModel m)
    {
        var q = m.Query;
        var when = q.From == q.To ? "on " + q.From.ToString("d MMMM yyyy", m.Display.Culture) : $"between {q.From:yyyy-MM-dd} and {q.To:yyyy-MM-dd}";
        if (q.Cursor is not null) return "No more calls in this direction.";
        if (m.FiltersApplied) return $"No calls match these filters {when}.";
        return q.View == CallLogView.Alerts ? $"No missed or failed calls {when}." : $"There were no calls {when}.";
    }

    private static Html Paging(LogPageModel m)
    {
        var newer = m.Page.PrevCursor is { } p ? Html.Of($"<a href=\"{m.Links.Log(m.Query with { Cursor = p })}\" rel=\"prev\" id=\"newer\">← Newer</a>") : Html.Empty;
        var older = m.Page.NextCursor is { } n ? Html.Of($"<a href=\"{m.Links.Log(m.Query with { Cursor = n })}\" rel=\"next\" id=\"older\">Older →</a>") : Html.Empty;
        var newest = m.Query.Cursor is not null ? Html.Of($"<a href=\"{m.Links.Log(m.Query with { Cursor = null })}\">Newest</a>") : Html.Empty;
        return Html.Of($"<nav class=\"bar\" aria-label=\"Pages\">{newest}{newer}{older}<a href=\"{m.Links.Export(m.Query)}\" id=\"download-csv\" download>Download CSV</a></nav>");
    }

    public static Html StatusBadge(CallStatus status) => StatusBadge(Word(status));

    public static Html StatusBadge(string status)
    {
        var alert = status is "missed" or "failed";
        return Html.Of($"<span class=\"badge{Html.When(alert, Html.Trusted(" alert"))}\">{status}</span>");
    }

    public static HtmlPage CallPage(CallDetailView c, CallLogDisplay display, CallLogLinks links, DisplayNames? names = null)
    {
        names ??= DisplayNames.None;
        // A name where the settings give one, with the id beside it so both can be searched for.
        string? Named(string? name, string? id) => id is null ? null : name is null ? id : $"{name} ({id})";
        string? Local(DateTimeOffset? t) => t is { } v ? CallLogFormat.LocalTime(v, display.Zone, display.Culture) : null;
        Html Row(string label, object? value) => value is null or "" ? Html.Empty : Html.Of($"<dt>{label}</dt><dd>{value}</dd>");
        var deal = c.DealId is { } dealId ? Html.Of($"<dt>Deal</dt><dd><a href=\"{links.Deal(dealId)}\" id=\"deal\">{Named(names.Deal(dealId), dealId)}</a></dd>") : Html.Empty;
        var history = c.History.Count == 0 ? Html.Of($"<p>No events recorded.</p>") : Html.Of($"""
            <table id="history"><thead><tr><th>Event</th><th>Occurred</th><th>Received</th><th>Source</th></tr></thead><tbody>
            {c.History.Select(h => Html.Of($"<tr><td>{h.Type}</td><td>{Local(h.OccurredAt)}</td><td>{Local(h.ReceivedAt)}</td><td>{h.Source}</td></tr>"))}
            </tbody></table>
            """);
        var body = Html.Of($"""
            <h1>Call {c.CallId} {StatusBadge(c.Status)}</h1>
            <dl id="call">
            {Row("Status", c.Status)}{Row("Provider status", c.ProviderStatus)}{Row("Provider", c.Provider)}
            {Row("Direction", c.Direction)}{Row("Caller", c.Caller)}{Row("Callee", c.Callee)}
            {Row("Started", Local(c.StartedAt))}{Row("Answered", Local(c.AnsweredAt))}{Row("Ended", Local(c.EndedAt))}
            {Row("Duration", CallLogFormat.Duration(c.DurationSeconds))}{Row("Why it was not answered", c.Reason)}{Row("Failure reason", c.FailureReason)}
            {Row("Rang for", c.RingSeconds is { } rang ? CallLogFormat.Span(TimeSpan.FromSeconds(rang)) : null)}{FollowUpRow(c.FollowUp, links)}
            {Row("Workspace", c.Workspace)}{Row("Campaign", Named(names.Campaign(c.CampaignId), c.CampaignId))}{deal}{Row("Operator", Named(names.Operator(c.OperatorId), c.OperatorId))}
            {Row("Time zone", display.Zone.Id)}
            </dl>
            {Section("Outcome and summary", c.Outcome is null && c.Summary is null ? Html.Empty : Html.Of($"<dl>{Row("Outcome", c.Outcome)}{Row("Summary", c.Summary)}</dl>"))}
            {Section("Recording", Recording(c, links))}
            {Section("Transcript", Transcript(c.Transcript))}
            {Section("Extracted fields", Pairs("fields", c.Fields))}
            {Section("CRM activity", Crm(c.Crm))}
            {Section("What was logged", Logging(c.Logging, display))}
            <h2>Event history</h2>
            {history}
            <p><a href="{links.BackToLog()}" id="back-to-log">Back to the log</a></p>
            """);
        return new HtmlPage(200, "Call " + c.CallId, body) { HomeUrl = links.Home() };
    }

    public static HtmlPage DealPage(string dealId, string workspace, IReadOnlyList<CallDetailView> calls, CallLogDisplay display, CallLogLinks links, DisplayNames? names = null)
    {
        var title = (names ?? DisplayNames.None).Deal(dealId) is { } dealName ? $"{dealName} ({dealId})" : dealId;
        var items = calls.Select(c => Html.Of($"""
            <li class="deal-call">
            <p><a href="{links.Call(c.CallId)}">{(c.StartedAt is { } s ? CallLogFormat.LocalTime(s, display.Zone, display.Culture) : c.CallId)}</a>
            · {c.Direction ?? "—"} · {c.Caller ?? "—"} → {c.Callee ?? "—"} · {StatusBadge(c.Status)} · {CallLogFormat.Duration(c.DurationSeconds)}</p>
            {Html.When(c.Outcome is not null, Html.Of($"<p>Outcome: {c.Outcome}</p>"))}
            {Recording(c, links)}
            </li>
            """));
        var body = calls.Count == 0
            ? Html.Of($"<h1>Deal {title}</h1><p class=\"notice\" id=\"empty\">No calls are logged for this deal in workspace {workspace}.</p>")
            : Html.Of($"<h1>Deal {title}</h1><p>{calls.Count} call(s), newest first.</p><ol id=\"deal-calls\">{items}</ol>");
        return new HtmlPage(200, "Deal " + dealId, body) { HomeUrl = links.Home() };
    }

    private static Html Recording(CallDetailView c, CallLogLinks links) => c.Recording switch
    {
        null => Html.Empty,
        { Attached: false } r => Html.Of($"""
            <p class="recording">The provider reported a recording{Html.When(r.DurationSeconds is not null, Html.Of($" ({CallLogFormat.Duration((int)Math.Round(r.DurationSeconds ?? 0))})"))}; its file has not arrived yet.</p>
            """),
        { } r => Html.Of($"""
            <div class="recording"><audio controls preload="none" src="{links.Recording(c.CallId)}"></audio>
            <a href="{links.Recording(c.CallId)}" download>Download recording</a>
            {Html.When(r.DurationSeconds is not null, Html.Of($" ({CallLogFormat.Duration((int)Math.Round(r.DurationSeconds ?? 0))})"))}</div>
            """),
    };

    private static Html Transcript(CallTranscriptView? t)
    {
        if (t is null) return Html.Empty;
        var turns = t.Turns.Select(turn => Html.Of(
            $"<p class=\"turn\"><span class=\"speaker\">{turn.Speaker ?? "Speaker"}</span>{turn.Text}</p>"));
        return Html.Of($"""
            <p>State: {t.State}{Html.When(t.Language is not null, Html.Of($" · language {t.Language}"))}{Html.When(t.WordCount is not null, Html.Of($" · {t.WordCount} words"))}</p>
            {Html.When(t.Problem is not null, Html.Of($"<p class=\"notice error\">{t.Problem}</p>"))}
            <div id="transcript">{turns}</div>
            {Html.When(t.Turns.Count == 0 && t.Preview is not null, Html.Of($"<p>{t.Preview}</p>"))}
            """);
    }

    private static Html Crm(IReadOnlyList<CallCrmView> crm) => crm.Count == 0 ? Html.Empty : Html.Of($"""
        <table id="crm"><thead><tr><th>System</th><th>Record</th><th>Kind</th><th>Result</th><th>Sent</th><th>Observed</th></tr></thead><tbody>
        {crm.Select(a => Html.Of($"<tr><td>{a.System}</td><td>{a.RecordId}</td><td>{a.Kind}</td><td>{(a.Succeeded ? "succeeded" : "failed: " + a.Error)}</td><td>{Inline(a.Sent)}</td><td>{Inline(a.Observed)}</td></tr>"))}
        </tbody></table>
        """);

    /// <summary>
    /// The call's logging states: one row per piece (outcome and summary, transcript, recording, CRM activity), then
    /// one per field with its owner and value. A badge says the state in words; a pending or missing piece says
    /// until when it may arrive, in the reader's zone and locale, and why.
    /// </summary>
    private static Html Logging(CallCompletenessView? logging, CallLogDisplay display)
    {
        if (logging is null) return Html.Empty;
        // Pending pieces may still arrive until the deadline; missing ones were due by it.
        Html Until(string state, DateTimeOffset? t) => t is { } v
            ? Html.Of($"{(state == "pending" ? "pending until" : "was due")} <time datetime=\"{CallLogFormat.Utc(v)}\">{CallLogFormat.LocalTime(v, display.Zone, display.Culture)}</time>")
            : Html.Empty;
        Html Piece(string id, string label, AttachmentStatusView p) => Html.Of(
            $"<tr id=\"logging-{id}\" data-state=\"{p.State}\"><td>{label}</td><td>{StateBadge(p.State)}</td><td>{Until(p.State, p.PendingUntil)}</td><td>{p.Reason}</td></tr>");
        var pieces = Html.Of($"""
            <table id="logging"><thead><tr><th>What</th><th>State</th><th>Deadline</th><th>Why</th></tr></thead><tbody>
            {Piece("outcome", "Outcome and summary", logging.OutcomeAndSummary)}{Piece("transcript", "Transcript", logging.Transcript)}
            {Piece("recording", "Recording", logging.Recording)}{Piece("crm", "CRM activity", logging.CrmActivity)}
            </tbody></table>
            """);
        if (logging.Fields.Count == 0)
            return Html.Of($"{pieces}<p id=\"logging-no-fields\">The campaign expects no fields, and none were captured.</p>");
        var fields = logging.Fields.Select(f => Html.Of($"""
            <tr data-field="{f.Name}" data-state="{f.State}"><td>{f.Name}{Html.When(!f.Expected, Html.Trusted(" <small>(not expected by the campaign)</small>"))}</td>
            <td>{f.Value ?? "—"}</td><td>{OwnerName(f.Owner)}</td><td>{StateBadge(f.State)}</td><td>{Until(f.State, f.PendingUntil)}</td><td>{f.Reason}</td></tr>
            """));
        return Html.Of($"""
            {pieces}
            <table id="logging-fields"><thead><tr><th>Field</th><th>Value</th><th>Owned by</th><th>State</th><th>Deadline</th><th>Why</th></tr></thead><tbody>
            {fields}
            </tbody></table>
            """);
    }

    /// <summary>A logging state as a badge in words: logged, pending, missing, not enabled, unreadable, not expected.</summary>
    public static Html StateBadge(string state)
    {
        var (words, tone) = state switch
        {
            "logged" => ("logged", "ok"),
            "pending" => ("pending", "wait"),
            "missing" => ("missing", "alert"),
            "unreadable" => ("unreadable", "alert"),
            "notEnabled" => ("not enabled", "off"),
            "notExpected" => ("not expected", "off"),
            _ => (state, "off"),
        };
        return Html.Of($"<span class=\"badge state {tone}\">{words}</span>");
    }

    /// <summary>The system that owns a field's value, by its product name.</summary>
    public static string OwnerName(string owner) => owner == Callaro.Core.Settings.CampaignSettings.Crm ? "CRM" : "Callaro";

    private static Html Inline(IReadOnlyList<KeyValuePair<string, string>> pairs) =>
        Html.Join(pairs.Select(p => Html.Of($"<div>{p.Key}: {p.Value}</div>")));

    private static Html Pairs(string id, IReadOnlyList<KeyValuePair<string, string>> pairs) => pairs.Count == 0 ? Html.Empty :
        Html.Of($"<dl id=\"{id}\">{pairs.Select(p => Html.Of($"<dt>{p.Key}</dt><dd>{p.Value}</dd>"))}</dl>");

    private static Html Section(string title, Html content) =>
        content.ToString().Length == 0 ? Html.Empty : Html.Of($"<h2>{title}</h2>{content}");

    public static HtmlPage SignInPage(string? message, string returnUrl, string csrfToken) => new(401, "Sign in", Html.Of($"""
        <h1>Sign in to the call log</h1>
        {Html.When(message is not null, Html.Of($"<p class=\"notice error\" id=\"sign-in-problem\">{message}</p>"))}
        <form method="post" action="{CallLogRoutes.Login}" id="sign-in">
        {Hidden("csrf", csrfToken)}{Hidden("returnUrl", returnUrl)}
        <label>Access key <input type="password" name="key" autocomplete="current-password" required></label>
        <button type="submit">Sign in</button>
        </form>
        <p>Ask an admin for an access key with telephony access.</p>
        """), signedIn: false);

    public static HtmlPage Forbidden(string detail) => new(403, "No access", Html.Of($"""
        <h1>You don't have access to the telephony log</h1>
        <p class="notice error" id="forbidden">{detail}</p>
        <p>Ask an admin to grant your key the telephony role for this workspace.</p>
        """));

    public static HtmlPage Unavailable()
    {
        var page = new HtmlPage(503, "Log unavailable", Html.Of($"""
            <h1>The log is temporarily unavailable</h1>
            <p class="notice error" id="unavailable">The log is temporarily unavailable — this does not mean there were no calls. Storage could not be reached; try again in a minute.</p>
            """));
        page.Headers["Retry-After"] = "10";
        return page;
    }

    public static HtmlPage NotFound(string detail) => new(404, "Not found", Html.Of($"<h1>Not found</h1><p class=\"notice error\">{detail}</p><p><a href=\"{CallLogRoutes.Log}\">Back to the log</a></p>"));

    public static HtmlPage BadRequest(IReadOnlyDictionary<string, string[]> errors) => new(400, "Bad request", Html.Of($"""
        <h1>That page address is not valid</h1>
        <ul class="notice error" id="errors">{errors.Select(e => Html.Of($"<li><strong>{e.Key}</strong>: {string.Join(" ", e.Value)}</li>"))}</ul>
        <p><a href="{CallLogRoutes.Log}">Start again from today's log</a></p>
        """));

    private static Html Hidden(string name, string? value) => Html.Of($"<input type=\"hidden\" name=\"{name}\" value=\"{value}\">");

    public static string Word(CallDirection d) => d.ToString().ToLowerInvariant();
    public static string Word(CallStatus s) => s.ToString().ToLowerInvariant();
    public static string Word(CallLogView v) => v.ToString().ToLowerInvariant();
}
