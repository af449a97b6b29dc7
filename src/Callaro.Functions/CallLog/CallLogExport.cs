using Callaro.Core.CallLog;
using Callaro.Core.Settings;
using Callaro.Functions.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace Callaro.Functions.CallLog;

/// <summary><c>GET /api/calls/export</c>: every call the filters of <c>GET /api/calls</c> match, as CSV.</summary>
public static class CallLogExport
{
    /// <summary>
    /// Validates the request and reads the first page within the request's budget, so bad input and storage trouble
    /// are still answered with problem+json; the rest is streamed by the returned result.
    /// </summary>
    public static async Task<Results<CallLogCsvResult, ValidationProblem>> ExportAsync(
        HttpContext context, CallLogReader reader, ICallLogWorkspaceDefaults defaults, DisplayNameSource names, TimeProvider clock, CancellationToken cancellationToken)
    {
        var workspaceDefaults = await defaults.GetAsync(CallLogRequest.Workspace(context.Request), cancellationToken);
        var (query, display, errors) = CallLogRequest.Parse(context.Request, workspaceDefaults, clock.GetUtcNow());
        if (query?.Cursor is not null)
            errors["cursor"] = ["The export covers every page of the log; leave out cursor."];
        if (query is null || display is null || errors.Count > 0)
            return TypedResults.ValidationProblem(errors, detail: "Some query parameters are not valid; fix them and ask again.");

        query = query with { PageSize = CallLogCsv.PageSize };
        var first = await reader.ReadPageAsync(query, cancellationToken);
        return new CallLogCsvResult(reader, query, first, display.Zone, await names.GetAsync(query.Workspace, cancellationToken));
    }
}

/// <summary>
/// Streams the CSV page by page as it is read, so an export of any size holds one page in memory. Once the first
/// bytes are out the status cannot change: storage trouble on a later page aborts the connection, so the reader
/// sees a failed download rather than a file that looks complete.
/// </summary>
public sealed class CallLogCsvResult(CallLogReader reader, CallLogQuery query, CallLogPage first, TimeZoneInfo zone, DisplayNames names) : IResult, IEndpointMetadataProvider
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>The download's name: <c>calls-{workspace}-{date}[-to-{date}].csv</c>.</summary>
    public string FileName =>
        $"calls-{query.Workspace}-{query.From:yyyy-MM-dd}" + (query.To == query.From ? "" : $"-to-{query.To:yyyy-MM-dd}") + ".csv";

    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/csv"]));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.ContentType = ContentType;
        // Workspace ids are letters, digits, '-' and '.', so the name needs no escaping.
        httpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{FileName}\"";
        try
        {
            await CallLogCsv.WriteAsync(reader, query, first, zone, httpContext.Response.Body, RequestDeadline.Budget, names, httpContext.RequestAborted);
        }
        catch (Exception e) when (!RequestDeadline.CallerLeft(httpContext))
        {
            httpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Callaro.CallLog")
                .LogError(e, "The call log export stopped after the answer began; the download was cut off");
            httpContext.Abort();
        }
    }
}
