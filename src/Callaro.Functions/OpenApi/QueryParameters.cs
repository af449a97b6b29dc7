using System.Text.Json.Nodes;
using Callaro.Core.CallLog;

namespace Callaro.Functions.OpenApi;

/// <summary>
/// One query parameter of the API: the name its parser reads and what the OpenAPI document says of it. Parsers read
/// parameters through these, never by a name of their own, so the document and the parsing cannot drift.
/// </summary>
/// <param name="Repeats">A list that may be given more than once (<c>status=missed&amp;status=failed</c>); every other parameter is given at most once.</param>
public sealed record QueryParameter(
    string Name, string Description, string Type = "string", string? Format = null, IReadOnlyList<string>? Values = null,
    bool Required = false, bool Repeats = false, int? Minimum = null, int? Maximum = null, int? MaxLength = null)
{
    /// <summary>The parameter as an OpenAPI 3.1 parameter object.</summary>
    public JsonObject ToOpenApi()
    {
        var schema = new JsonObject { ["type"] = Type };
        if (Format is not null) schema["format"] = Format;
        if (Values is not null) schema["enum"] = new JsonArray(Values.Select(v => (JsonNode)v).ToArray());
        if (Minimum is { } min) schema["minimum"] = min;
        if (Maximum is { } max) schema["maximum"] = max;
        if (MaxLength is { } length) schema["maxLength"] = length;
        if (Repeats) schema = new JsonObject { ["type"] = "array", ["items"] = schema };
        var parameter = new JsonObject { ["name"] = Name, ["in"] = "query", ["required"] = Required, ["description"] = Description, ["schema"] = schema };
        if (Repeats) (parameter["style"], parameter["explode"]) = ("form", true);
        return parameter;
    }
}

/// <summary>Which query parameters an endpoint takes: the document lists them, the endpoint's parser reads them.</summary>
public enum QuerySet
{
    /// <summary>Only <c>workspace</c>.</summary>
    Workspace,

    /// <summary><c>GET /api/calls</c>.</summary>
    CallLog,

    /// <summary><c>GET /api/calls/export</c>: the log's filters, every page.</summary>
    CallLogExport,

    /// <summary>A stored report: <c>workspace</c> and its day (default the latest).</summary>
    Report,

    /// <summary>Generating a day's report: <c>workspace</c> and the required day.</summary>
    ReportRun,

    /// <summary>The list of stored reports.</summary>
    ReportList,

    /// <summary>A call's recording link.</summary>
    Recording,

    /// <summary>None.</summary>
    None,
}

/// <summary>Declares the query parameters a function takes; the OpenAPI document lists them from here.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TakesQueryAttribute(QuerySet set) : Attribute
{
    public QuerySet Set { get; } = set;

    public IReadOnlyList<QueryParameter> Parameters => QueryParameters.Of(Set);
}

/// <summary>Every query parameter of the API, and the sets endpoints take.</summary>
public static class QueryParameters
{
    public static readonly QueryParameter Workspace = new("workspace", "The workspace to read (default 'default').");

    public static readonly QueryParameter Date = new("date", "The first day, in the workspace's reporting time zone (default today).", Format: "date");
    public static readonly QueryParameter To = new("to", $"The last day of a range, inclusive (default: date); at most {CallLogQuery.MaxDays} days.", Format: "date");
    public static readonly QueryParameter View = new("view", "'alerts' lists only missed and failed calls.", Values: ["all", "alerts"]);
    public static readonly QueryParameter Direction = new("direction", "Only calls of this direction.", Values: ["incoming", "outgoing", "internal"]);
    public static readonly QueryParameter Status = new("status", "Only calls of these statuses (repeat it, or separate them with commas).",
        Values: ["ringing", "answered", "completed", "missed", "failed"], Repeats: true);
    public static readonly QueryParameter Number = new("number",
        "Calls with this caller or callee number in any spelling, or ending with these 4 or more digits.", MaxLength: 64);
    public static readonly QueryParameter Operator = new("operator", "Only calls of this operator id.", MaxLength: CallLogQuery.MaxIdLength);
    public static readonly QueryParameter Campaign = new("campaign", "Only calls of this campaign id.", MaxLength: CallLogQuery.MaxIdLength);
    public static readonly QueryParameter HasRecording = new("hasRecording", "Only calls with (true) or without (false) a recording.", Type: "boolean");
    public static readonly QueryParameter Incomplete = new("incomplete", "true keeps only calls whose logging has a gap.", Type: "boolean");
    public static readonly QueryParameter PageSize = new("pageSize", $"Calls per page (default {CallLogQuery.DefaultPageSize}).",
        Type: "integer", Minimum: 1, Maximum: CallLogQuery.MaxPageSize);
    public static readonly QueryParameter Cursor = new("cursor", "The nextCursor or prevCursor of the page before, with the same filters.", MaxLength: 2048);
    public static readonly QueryParameter Locale = new("locale", "How local times are written, e.g. de-DE (default: Accept-Language, then the workspace's locale).");
    public static readonly QueryParameter TimeZone = new("tz", "The IANA time zone of local times, e.g. Europe/Berlin (default: the workspace's).");

    public static readonly QueryParameter ReportDate = new("date", "The report's day (default: the latest report).", Format: "date");
    public static readonly QueryParameter RunDate = new("date", "The day to report on, in the workspace's reporting time zone.", Format: "date", Required: true);
    public static readonly QueryParameter Count = new("count", $"How many of the newest reports to list (default {Reports.HealthReportsApi.DefaultListCount}).",
        Type: "integer", Minimum: 1, Maximum: Reports.HealthReportsApi.MaxListCount);
    public static readonly QueryParameter Redirect = new("redirect", "false answers the link as JSON instead of redirecting to it.", Type: "boolean");

    /// <summary>The log's own parameters: what a log page's links carry besides the workspace, zone and locale.</summary>
    public static readonly IReadOnlyList<QueryParameter> Log = [Date, To, View, Direction, Status, Number, Operator, Campaign, HasRecording, Incomplete, PageSize, Cursor];

    private static readonly IReadOnlyList<QueryParameter> CallLog = [Workspace, .. Log, Locale, TimeZone];

    // The export streams every page in the reader's zone, so it takes no page size, cursor or locale.
    private static readonly IReadOnlyList<QueryParameter> CallLogExport = CallLog.Except([PageSize, Cursor, Locale]).ToList();

    /// <summary>The parameters of <paramref name="set"/>.</summary>
    public static IReadOnlyList<QueryParameter> Of(QuerySet set) => set switch
    {
        QuerySet.Workspace => [Workspace],
        QuerySet.CallLog => CallLog,
        QuerySet.CallLogExport => CallLogExport,
        QuerySet.Report => [Workspace, ReportDate],
        QuerySet.ReportRun => [Workspace, RunDate],
        QuerySet.ReportList => [Workspace, Count],
        QuerySet.Recording => [Workspace, Redirect],
        _ => [],
    };
}
