using System.Globalization;
using Callaro.Core.CallLog;

namespace Callaro.Functions.CallLog;

/// <summary>
/// Builds every link and form of the log's pages, so the reader's choices of workspace, time zone
/// (<c>tz</c>) and locale survive a click instead of falling back to Accept-Language and the workspace
/// default. This is the one place that writes a page query string: each value is URL-encoded here, and
/// the pages HTML-encode the result because they emit it through <see cref="Html.Of"/>.
/// </summary>
/// <param name="Workspace">The workspace the page shows.</param>
/// <param name="Tz">The time zone the reader asked for, or null to leave it to the workspace default.</param>
/// <param name="Locale">The locale the reader asked for, or null to leave it to Accept-Language.</param>
public sealed record CallLogLinks(string Workspace, string? Tz = null, string? Locale = null)
{
    // The log's own parameters, the only ones a "back to the log" link may carry.
    private static readonly string[] LogParameters = ["date", "to", "view", "direction", "status", "number", "operator", "campaign", "hasRecording", "incomplete", "pageSize", "cursor"];

    /// <summary>The log page a call page was opened from (its query, without workspace, zone and locale), or null.</summary>
    public string? Back { get; init; }

    /// <summary>
    /// The choices a request made. A <c>tz</c> or <c>locale</c> that names no known zone or culture is left out:
    /// the page ignored it (or rejected it), so its links must not pass it on.
    /// </summary>
    public static CallLogLinks From(HttpRequest request)
    {
        var q = request.Query;
        var tz = q["tz"].FirstOrDefault() is { } z && CallLogFormat.FindZone(z) is not null ? z : null;
        var locale = q["locale"].FirstOrDefault() is { } l && CallLogFormat.FindCulture(l) is not null ? l : null;
        return new CallLogLinks(CallLogRequest.Workspace(request), tz, locale) { Back = q["back"].FirstOrDefault() };
    }

    /// <summary>The log's landing page.</summary>
    public string Home() => Url(CallLogRoutes.Log, []);

    /// <summary>The log page showing <paramref name="q"/> (days, view, filters, page size and cursor).</summary>
    public string Log(CallLogQuery q) => Url(CallLogRoutes.Log, LogParts(q));

    private static List<(string Name, string Value)> LogParts(CallLogQuery q)
    {
        var parts = Filters(q);
        if (q.PageSize != CallLogQuery.DefaultPageSize) parts.Add(("pageSize", q.PageSize.ToString(CultureInfo.InvariantCulture)));
        if (q.Cursor is not null) parts.Add(("cursor", q.Cursor));
        return parts;
    }

    /// <summary>The CSV of every call <paramref name="q"/> matches, all pages (the zone carries into its times).</summary>
    public string Export(CallLogQuery q) => (this with { Locale = null }).Url(CallLogRoutes.Export, Filters(q));

    private static List<(string Name, string Value)> Filters(CallLogQuery q)
    {
        var parts = new List<(string Name, string Value)> { ("date", Day(q.From)) };
        if (q.To != q.From) parts.Add(("to", Day(q.To)));
        parts.Add(("view", CallLogViews.Word(q.View)));
        if (q.Direction is { } d) parts.Add(("direction", CallLogViews.Word(d)));
        parts.AddRange(q.Statuses.Select(s => ("status", CallLogViews.Word(s))));
        if (q.Number is not null) parts.Add(("number", q.Number));
        if (q.Operator is not null) parts.Add(("operator", q.Operator));
        if (q.Campaign is not null) parts.Add(("campaign", q.Campaign));
        if (q.HasRecording is { } recording) parts.Add(("hasRecording", recording ? "true" : "false"));
        if (q.Incomplete) parts.Add(("incomplete", "true"));
        return parts;
    }

    /// <summary>A call's detail page.</summary>
    public string Call(string callId) => Url(CallLogRoutes.Log + "/calls/" + Uri.EscapeDataString(callId), []);

    /// <summary>A call's detail page opened from the log page showing <paramref name="from"/>, which its "back to the log" returns to.</summary>
    public string Call(string callId, CallLogQuery from) =>
        Url(CallLogRoutes.Log + "/calls/" + Uri.EscapeDataString(callId), [("back", QueryString(LogParts(from)))]);

    /// <summary>
    /// The log page a call page was opened from (same days, tab, filters and page), or the log's landing page. Only the log's
    /// own parameters are taken from <see cref="Back"/>, re-encoded, so the link cannot lead anywhere but the log.
    /// </summary>
    public string BackToLog()
    {
        if (Back is null) return Home();
        var parsed = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Back.StartsWith('?') ? Back : "?" + Back);
        return Url(CallLogRoutes.Log, LogParameters.SelectMany(name => parsed.TryGetValue(name, out var values)
            ? values.OfType<string>().Select(v => (name, v)) : []));
    }

    /// <summary>A deal's timeline.</summary>
    public string Deal(string dealId) => Url(CallLogRoutes.Log + "/deals/" + Uri.EscapeDataString(dealId), []);

    /// <summary>A call's recording (a 302 to a short-lived link); only the workspace matters to it.</summary>
    public string Recording(string callId) =>
        (this with { Tz = null, Locale = null }).Url(CallLogRoutes.Calls + "/" + Uri.EscapeDataString(callId) + "/recording", []);

    /// <summary>A call's normalised transcript (JSON); only the workspace matters to it.</summary>
    public string Transcript(string callId) =>
        (this with { Tz = null, Locale = null }).Url(CallLogRoutes.Calls + "/" + Uri.EscapeDataString(callId) + "/transcript", []);

    /// <summary>Hidden inputs that carry the same choices through a GET form to the log.</summary>
    public Html HiddenFields() => Html.Join(Carried().Select(p => Html.Of($"<input type=\"hidden\" name=\"{p.Name}\" value=\"{p.Value}\">")));

    // The choices every link carries; the default workspace is implied by its absence.
    private IEnumerable<(string Name, string Value)> Carried()
    {
        if (Workspace != CallLogRequest.DefaultWorkspace) yield return ("workspace", Workspace);
        if (Tz is not null) yield return ("tz", Tz);
        if (Locale is not null) yield return ("locale", Locale);
    }

    private string Url(string path, IEnumerable<(string Name, string Value)> parts)
    {
        var query = QueryString(Carried().Concat(parts));
        return query.Length == 0 ? path : path + "?" + query;
    }

    private static string QueryString(IEnumerable<(string Name, string Value)> parts) =>
        string.Join("&", parts.Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value)));

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
