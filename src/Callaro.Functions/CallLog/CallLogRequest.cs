using System.Globalization;
using Callaro.Core.CallLog;
using Callaro.Core.Calls;
using Callaro.Core.Workspaces;
using Callaro.Functions.OpenApi;
using P = Callaro.Functions.OpenApi.QueryParameters;

namespace Callaro.Functions.CallLog;

/// <summary>How a page should be shown: the zone and culture for local times.</summary>
public sealed record CallLogDisplay(TimeZoneInfo Zone, CultureInfo Culture);

/// <summary>The workspace defaults the log needs: its reporting time zone and default locale.</summary>
public sealed record CallLogWorkspaceDefaults(TimeZoneInfo Zone, string? Locale);

/// <summary>Reads a workspace's reporting time zone and default locale.</summary>
public interface ICallLogWorkspaceDefaults
{
    /// <summary>The defaults of a workspace (UTC and no locale when it has none).</summary>
    Task<CallLogWorkspaceDefaults> GetAsync(string workspace, CancellationToken cancellationToken = default);
}

/// <summary>
/// Turns the query string of <c>/api/calls</c> and the log page into a <see cref="CallLogQuery"/>,
/// naming the parameter in every error.
/// </summary>
public static class CallLogRequest
{
    /// <summary>The workspace a request means when it names none.</summary>
    public const string DefaultWorkspace = WorkspaceId.Default;

    /// <summary>The workspace named by the request.</summary>
    public static string Workspace(HttpRequest request) =>
        request.Query[P.Workspace.Name].FirstOrDefault() is { Length: > 0 } w ? w : DefaultWorkspace;

    /// <summary>
    /// Parses the request, reading only the parameters the endpoint takes (<paramref name="takes"/>, as its OpenAPI
    /// entry lists them); on failure returns the errors by parameter name.
    /// </summary>
    public static (CallLogQuery? Query, CallLogDisplay? Display, Dictionary<string, string[]> Errors) Parse(
        HttpRequest request, QuerySet takes, CallLogWorkspaceDefaults defaults, DateTimeOffset now, CallLogView? defaultView = CallLogView.All)
    {
        var q = request.Query;
        var parameters = QueryParameters.Of(takes);
        var errors = new Dictionary<string, string[]>();
        string? Single(QueryParameter p) => parameters.Contains(p) ? SingleValue(q, p.Name, errors) : null;
        var workspace = Workspace(request);
        if (WorkspaceId.Problem(workspace) is { } invalid) errors[P.Workspace.Name] = [invalid];

        var zone = defaults.Zone;
        if (Single(P.TimeZone) is { } tz)
        {
            if (CallLogFormat.FindZone(tz) is { } z) zone = z;
            else errors[P.TimeZone.Name] = [$"'{tz}' is not a known time zone; use an IANA name such as Europe/Berlin."];
        }

        CultureInfo? culture = null;
        if (Single(P.Locale) is { } locale)
        {
            culture = CallLogFormat.FindCulture(locale);
            if (culture is null) errors[P.Locale.Name] = [$"'{locale}' is not a known locale; use a tag such as en-US or de-DE."];
        }
        culture ??= CallLogFormat.FromAcceptLanguage(request.Headers.AcceptLanguage.ToString())
            ?? (defaults.Locale is { } l ? CallLogFormat.FindCulture(l) : null)
            ?? CultureInfo.GetCultureInfo("en-US");

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, defaults.Zone).DateTime);
        var from = Date(Single(P.Date), P.Date, errors) ?? today;
        var to = Date(Single(P.To), P.To, errors) ?? from;

        CallLogView? view = defaultView;
        if (Single(P.View) is { } v)
        {
            view = v.ToLowerInvariant() switch { "all" => CallLogView.All, "alerts" => CallLogView.Alerts, _ => null };
            if (view is null) errors[P.View.Name] = ["view must be 'all' or 'alerts'."];
        }

        CallDirection? direction = null;
        if (Single(P.Direction) is { Length: > 0 } d)
        {
            if (Enum.TryParse<CallDirection>(d, true, out var parsed) && !int.TryParse(d, out _)) direction = parsed;
            else errors[P.Direction.Name] = ["direction must be 'incoming', 'outgoing' or 'internal'."];
        }

        var statuses = new List<CallStatus>();
        var statusValues = parameters.Contains(P.Status) ? q[P.Status.Name] : default;
        foreach (var word in statusValues.SelectMany(s => (s ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (Enum.TryParse<CallStatus>(word, true, out var s) && !int.TryParse(word, out _)) { if (!statuses.Contains(s)) statuses.Add(s); }
            else errors[P.Status.Name] = [$"'{word}' is not a status; use ringing, answered, completed, missed or failed."];
        }

        var number = Single(P.Number) is { Length: > 0 } n ? n.Trim() : null;
        var operatorId = Single(P.Operator) is { Length: > 0 } o ? o.Trim() : null;
        var campaign = Single(P.Campaign) is { Length: > 0 } cp ? cp.Trim() : null;
        var hasRecording = Flag(Single(P.HasRecording), P.HasRecording, errors);
        var incomplete = Flag(Single(P.Incomplete), P.Incomplete, errors) ?? false;

        var pageSize = CallLogQuery.DefaultPageSize;
        if (Single(P.PageSize) is { } ps && (!int.TryParse(ps, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > CallLogQuery.MaxPageSize))
            errors[P.PageSize.Name] = [$"pageSize must be a whole number from 1 to {CallLogQuery.MaxPageSize}."];

        var cursor = Single(P.Cursor) is { Length: > 0 } c ? c : null;
        if (cursor?.Length > P.Cursor.MaxLength) errors[P.Cursor.Name] = ["The cursor is not valid; start again from the first page."];

        if (errors.Count > 0) return (null, null, errors);
        var query = new CallLogQuery
        {
            Workspace = workspace, From = from, To = to, View = view ?? CallLogView.All, Direction = direction,
            Statuses = statuses, Number = number, Operator = operatorId, Campaign = campaign, HasRecording = hasRecording, Incomplete = incomplete,
            PageSize = pageSize, Cursor = cursor,
        };
        foreach (var (key, messages) in query.Validate()) errors[key] = messages;
        return errors.Count > 0 ? (null, null, errors) : (query, new CallLogDisplay(zone, culture), errors);
    }

    /// <summary>True when the request names a view explicitly.</summary>
    public static bool HasView(HttpRequest request) => request.Query.ContainsKey(P.View.Name);

    private static string? SingleValue(IQueryCollection q, string name, Dictionary<string, string[]> errors)
    {
        var values = q[name];
        if (values.Count > 1) errors[name] = [$"{name} may be given once."];
        return values.Count == 0 ? null : values[0];
    }

    // An empty value means "any", as a form's "any" option sends it.
    private static bool? Flag(string? text, QueryParameter p, Dictionary<string, string[]> errors)
    {
        if (text is not { Length: > 0 }) return null;
        if (bool.TryParse(text, out var flag)) return flag;
        errors[p.Name] = [$"{p.Name} must be 'true' or 'false'."];
        return null;
    }

    private static DateOnly? Date(string? text, QueryParameter p, Dictionary<string, string[]> errors)
    {
        if (text is not { Length: > 0 }) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors[p.Name] = [$"'{text}' is not a date; use YYYY-MM-DD."];
        return null;
    }
}
