using System.Globalization;
using System.Net;
using System.Security.Claims;
using Callaro.Core.Health;
using Callaro.Core.Workspaces;
using Callaro.Functions.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callaro.Functions.Reports;

/// <summary>The daily logging-health report: reading (telephony) and regenerating (admin).</summary>
public static class HealthReportsApi
{
    private const int DefaultListCount = 30;
    private const int MaxListCount = 366;

    // Access and the workspace's existence are checked before these run ([Access] with KnownWorkspace).
    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetReport(
        string? workspace, string? date, HealthReportStore store, CancellationToken cancellationToken)
    {
        var ws = workspace ?? WorkspaceAccess.DefaultWorkspace;
        if (date is null)
        {
            return await Latest(ws, store, cancellationToken);
        }
        if (ParseDate(date) is not { } day)
        {
            return BadDate(date);
        }
        return await store.GetJsonAsync(ws, day, cancellationToken) is { } json
            ? TypedResults.Bytes(json.ToArray(), "application/json; charset=utf-8")
            : NoReport(ws, day);
    }

    internal static Task<Results<FileContentHttpResult, ProblemHttpResult>> GetLatest(
        string? workspace, HealthReportStore store, CancellationToken cancellationToken) =>
        Latest(workspace ?? WorkspaceAccess.DefaultWorkspace, store, cancellationToken);

    internal static async Task<Results<Ok<HealthReportListing>, ProblemHttpResult>> List(
        string? workspace, string? count, HealthReportStore store, CancellationToken cancellationToken)
    {
        var ws = workspace ?? WorkspaceAccess.DefaultWorkspace;
        var listed = DefaultListCount;
        if (count is not null && (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out listed) || listed is < 1 or > MaxListCount))
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid count",
                $"count must be between 1 and {MaxListCount} (default {DefaultListCount}). Fix the query and retry.");
        }
        var summaries = await store.ListAsync(ws, listed, cancellationToken);
        return TypedResults.Ok(new HealthReportListing(ws, summaries.Select(s => new HealthReportListItem(
            s.Summary.Date, s.Summary.Verdict, s.Summary.TotalCalls, s.Summary.Missed, s.Summary.Failed, s.Summary.AnswerRate,
            s.Summary.Completeness, s.Summary.Issues, s.GeneratedAt,
            Link("/api/reports/health", ws, s.Summary.Date), Link("/api/reports/health/digest", ws, s.Summary.Date))).ToList()));
    }

    internal static async Task<IResult> GetDigest(
        string? workspace, string? date, ClaimsPrincipal user, HealthReportStore store, KnownWorkspaces known, CancellationToken cancellationToken)
    {
        var ws = workspace ?? WorkspaceAccess.DefaultWorkspace;
        if (user.Identity?.IsAuthenticated != true)
        {
            return ErrorPage(StatusCodes.Status401Unauthorized, "Sign in to read the health report",
                "No credentials were sent. Sign in with your access key, or send it as 'Authorization: Bearer <key>'.");
        }
        if (Core.Workspaces.WorkspaceId.Problem(ws) is { } invalid)
        {
            return ErrorPage(StatusCodes.Status400BadRequest, "Not a workspace", invalid);
        }
        if (!user.CanReadWorkspace(ws))
        {
            return ErrorPage(StatusCodes.Status403Forbidden, "You don't have access to this workspace's reports",
                $"You may not read workspace '{ws}'. Ask an admin to grant it, or open a workspace you have access to.");
        }
        // After the access check, so nobody learns which workspaces exist beyond those granted to them.
        if (!await known.ExistsAsync(ws, cancellationToken))
        {
            return ErrorPage(StatusCodes.Status404NotFound, "Unknown workspace", KnownWorkspaces.Unknown(ws));
        }

        DateOnly day;
        if (date is null)
        {
            if ((await store.ListAsync(ws, 1, cancellationToken)).FirstOrDefault() is not { } latest)
            {
                return ErrorPage(StatusCodes.Status404NotFound, "No health report yet",
                    $"No report has been written for workspace '{ws}' yet. Reports appear each morning for the previous day.");
            }
            day = latest.Summary.Date;
        }
        else if (ParseDate(date) is { } parsed)
        {
            day = parsed;
        }
        else
        {
            return ErrorPage(StatusCodes.Status400BadRequest, "Invalid date", $"'{date}' is not a date; use YYYY-MM-DD.");
        }

        return await store.GetHtmlAsync(ws, day, cancellationToken) is { } html
            ? TypedResults.Bytes(html.ToArray(), "text/html; charset=utf-8")
            : ErrorPage(StatusCodes.Status404NotFound, "No health report for this day",
                $"There is no report for workspace '{ws}' on {day:yyyy-MM-dd}. Reports are written each morning for the previous day; an admin can generate one now.");
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Run(
        string? workspace, string? date, ClaimsPrincipal user,
        HealthReportGenerator generator, IHealthReportContextSource context, TimeProvider time, CancellationToken cancellationToken)
    {
        var ws = workspace ?? WorkspaceAccess.DefaultWorkspace;
        if (WorkspaceAccess.Check(user, ws) is { } denied)
        {
            return denied;
        }
        if (date is null || ParseDate(date) is not { } day)
        {
            return BadDate(date);
        }

        var zone = (await context.GetWorkspaceAsync(ws, cancellationToken)).TimeZone;
        if (HealthReportSchedule.DayWindow(day, zone).To > time.GetUtcNow())
        {
            return Problem(StatusCodes.Status400BadRequest, "The day has not ended",
                $"{day:yyyy-MM-dd} has not ended yet in the workspace's time zone ({zone.Id}); a report of a day in progress would be misleading. Ask for an earlier day.");
        }

        var report = await generator.GenerateAsync(ws, day, cancellationToken);
        return TypedResults.Bytes(HealthReportJson.Serialize(report), "application/json; charset=utf-8");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Latest(string workspace, HealthReportStore store, CancellationToken cancellationToken)
    {
        if ((await store.ListAsync(workspace, 1, cancellationToken)).FirstOrDefault() is { } latest
            && await store.GetJsonAsync(workspace, latest.Summary.Date, cancellationToken) is { } json)
        {
            return TypedResults.Bytes(json.ToArray(), "application/json; charset=utf-8");
        }
        return Problem(StatusCodes.Status404NotFound, "No health report yet",
            $"No report has been written for workspace '{workspace}' yet. Reports are written each morning for the previous day; an admin can generate one with POST /api/reports/health/run?workspace={workspace}&date=YYYY-MM-DD.");
    }

    private static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static ProblemHttpResult BadDate(string? value) =>
        Problem(StatusCodes.Status400BadRequest, "Invalid date",
            value is null ? "Give the day as date=YYYY-MM-DD." : $"'{value}' is not a date; give the day as date=YYYY-MM-DD.");

    private static ProblemHttpResult NoReport(string workspace, DateOnly day) =>
        Problem(StatusCodes.Status404NotFound, "No health report for this day",
            $"There is no report for workspace '{workspace}' on {day:yyyy-MM-dd}. Reports are written the morning after; an admin can generate it with POST /api/reports/health/run?workspace={workspace}&date={day:yyyy-MM-dd}.");

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);

    private static string Link(string path, string workspace, DateOnly date) =>
        $"{path}?workspace={Uri.EscapeDataString(workspace)}&date={date:yyyy-MM-dd}";

    private static IResult ErrorPage(int status, string title, string message) =>
        TypedResults.Content(
            $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title></head>" +
            $"<body style=\"font-family:Segoe UI,Helvetica,Arial,sans-serif;max-width:640px;margin:32px auto\"><h1 style=\"font-size:20px\">{WebUtility.HtmlEncode(title)}</h1>" +
            $"<p>{WebUtility.HtmlEncode(message)}</p></body></html>",
            "text/html; charset=utf-8", statusCode: status);
}

/// <summary>Recent reports of a workspace, newest first.</summary>
public sealed record HealthReportListing(string WorkspaceId, IReadOnlyList<HealthReportListItem> Reports);

/// <summary>One listed report.</summary>
public sealed record HealthReportListItem(DateOnly Date, HealthVerdict Verdict, long TotalCalls, long Missed, long Failed,
    double? AnswerRate, double? Completeness, int Issues, DateTimeOffset? GeneratedAt, string Json, string Digest);
