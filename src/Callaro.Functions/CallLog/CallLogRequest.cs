using System.Globalization;
using Callaro.Core.CallLog;
using Callaro.Core.Calls;
using Callaro.Core.Workspaces;

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
        request.Query["workspace"].FirstOrDefault() is { Length: > 0 } w ? w : DefaultWorkspace;

    /// <summary>Parses the request; on failure returns the errors by parameter name.</summary>
    public static (CallLogQuery? Query, CallLogDisplay? Display, Dictionary<string, string[]> Errors) Parse(
        HttpRequest request, CallLogWorkspaceDefaults defaults, DateTimeOffset now, CallLogView? defaultView = CallLogView.All)
    {
        var q = request.Query;
        var errors = new Dictionary<string, string[]>();
        var workspace = Workspace(request);
        if (WorkspaceId.Problem(workspace) is { } invalid) errors["workspace"] = [invalid];

        var zone = defaults.Zone;
        if (Single(q, "tz", errors) is { } tz)
        {
            if (CallLogFormat.FindZone(tz) is { } z) zone = z;
            else errors["tz"] = [$"'{tz}' is not a known time zone; use an IANA name such as Europe/Berlin."];
        }

        CultureInfo? culture = null;
        if (Single(q, "locale", errors) is { } locale)
        {
            culture = CallLogFormat.FindCulture(locale);
            if (culture is null) errors["locale"] = [$"'{locale}' is not a known locale; use a tag such as en-US or de-DE."];
        }
        culture ??= CallLogFormat.FromAcceptLanguage(request.Headers.AcceptLanguage.ToString())
            ?? (defaults.Locale is { } l ? CallLogFormat.FindCulture(l) : null)
            ?? CultureInfo.GetCultureInfo("en-US");

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, defaults.Zone).DateTime);
        var from = Date(q, "date", errors) ?? today;
        var to = Date(q, "to", errors) ?? from;

        CallLogView? view = defaultView;
        if (Single(q, "view", errors) is { } v)
        {
            view = v.ToLowerInvariant() switch { "all" => CallLogView.All, "alerts" => CallLogView.Alerts, _ => null };
            if (view is null) errors["view"] = ["view must be 'all' or 'alerts'."];
        }

        CallDirection? direction = null;
        if (Single(q, "direction", errors) is { Length: > 0 } d)
        {
            if (Enum.TryParse<CallDirection>(d, true, out var parsed) && !int.TryParse(d, out _)) direction = parsed;
            else errors["direction"] = ["direction must be 'incoming', 'outgoing' or 'internal'."];
        }

        var statuses = new List<CallStatus>();
        foreach (var word in q["status"].SelectMany(s => (s ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (Enum.TryParse<CallStatus>(word, true, out var s) && !int.TryParse(word, out _)) { if (!statuses.Contains(s)) statuses.Add(s); }
            else errors["status"] = [$"'{word}' is not a status; use ringing, answered, completed, missed or failed."];
        }

        var number = Single(q, "number", errors) is { Length: > 0 } n ? n.Trim() : null;
        var operatorId = Single(q, "operator", errors) is { Length: > 0 } o ? o.Trim() : null;
        var campaign = Single(q, "campaign", errors) is { Length: > 0 } cp ? cp.Trim() : null;
        var hasRecording = Flag(q, "hasRecording", errors);
        var incomplete = Flag(q, "incomplete", errors) ?? false;

        var pageSize = CallLogQuery.DefaultPageSize;
        if (Single(q, "pageSize", errors) is { } ps && (!int.TryParse(ps, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > CallLogQuery.MaxPageSize))
            errors["pageSize"] = [$"pageSize must be a whole number from 1 to {CallLogQuery.MaxPageSize}."];

        var cursor = Single(q, "cursor", errors) is { Length: > 0 } c ? c : null;
        if (cursor is { Length: > 2048 }) errors["cursor"] = ["The cursor is not valid; start again from the first page."];

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
    public static bool HasView(HttpRequest request) => request.Query.ContainsKey("view");

    private static string? Single(IQueryCollection q, string name, Dictionary<string, string[]> errors)
    {
        var values = q[name];
        if (values.Count > 1) errors[name] = [$"{name} may be given once."];
        return values.Count == 0 ? null : values[0];
    }

    // An empty value means "any", as a form's "any" option sends it.
    private static bool? Flag(IQueryCollection q, string name, Dictionary<string, string[]> errors)
    {
        if (Single(q, name, errors) is not { Length: > 0 } text) return null;
        if (bool.TryParse(text, out var flag)) return flag;
        errors[name] = [$"{name} must be 'true' or 'false'."];
        return null;
    }

    private static DateOnly? Date(IQueryCollection q, string name, Dictionary<string, string[]> errors)
    {
        if (Single(q, name, errors) is not { Length: > 0 } text) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors[name] = [$"'{text}' is not a date; use YYYY-MM-DD."];
        return null;
    }
}
