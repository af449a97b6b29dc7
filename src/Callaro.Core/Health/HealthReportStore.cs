using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Data.Tables;

namespace Callaro.Core.Health;

/// <summary>
/// Where reports live: the JSON and the HTML digest as blobs (<c>reports/{workspace}/{yyyy-MM-dd}.json|.html</c>)
/// and a summary row per report in a table, newest first per workspace, for listing and trends.
/// </summary>
public class HealthReportStore
{
    private const string JsonType = "application/json; charset=utf-8";
    private const string HtmlType = "text/html; charset=utf-8";
    private readonly BlobContainerClient _container;
    private readonly TableClient _summaries;

    /// <summary>For mocking.</summary>
    protected HealthReportStore() { _container = null!; _summaries = null!; }

    /// <summary>Creates the store over the names in use.</summary>
    public HealthReportStore(BlobServiceClient blobs, TableServiceClient tables, StorageNames names)
    {
        _container = blobs.GetBlobContainerClient(names.ReportsContainer);
        _summaries = tables.GetTableClient(names.HealthReportsTable);
    }

    /// <summary>The blob name of a report: <c>{workspace}/{yyyy-MM-dd}.{extension}</c>.</summary>
    public static string BlobName(string workspaceId, DateOnly date, string extension) =>
        $"{workspaceId}/{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.{extension}";

    /// <summary>
    /// Stores (or replaces) a report: JSON and HTML first, the summary row last, so a listed report can always be read.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <param name="html">Its digest.</param>
    /// <param name="generatedAt">When it was generated; kept in the summary row and blob metadata, outside the deterministic JSON.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <exception cref="RequestFailedException">Storage failed; a retry is safe.</exception>
    public virtual async Task SaveAsync(HealthReport report, string html, DateTimeOffset generatedAt, CancellationToken cancellationToken = default)
    {
        var metadata = new Dictionary<string, string> { ["generatedAt"] = generatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) };
        await _container.GetBlobClient(BlobName(report.WorkspaceId, report.Date, "json"))
            .UploadAsync(new BinaryData(HealthReportJson.Serialize(report)), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = JsonType }, Metadata = metadata }, cancellationToken);
        await _container.GetBlobClient(BlobName(report.WorkspaceId, report.Date, "html"))
            .UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(html)), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = HtmlType }, Metadata = metadata }, cancellationToken);
        await _summaries.UpsertEntityAsync(ToEntity(report.WorkspaceId, report.ToSummary(), generatedAt), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Whether the report for the day has been stored (its summary row exists).</summary>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual async Task<bool> ExistsAsync(string workspaceId, DateOnly date, CancellationToken cancellationToken = default) =>
        (await _summaries.GetEntityIfExistsAsync<TableEntity>(workspaceId, RowKey(date), ["RowKey"], cancellationToken)).HasValue;

    /// <summary>The stored JSON of a day's report, or null when there is none.</summary>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual Task<BinaryData?> GetJsonAsync(string workspaceId, DateOnly date, CancellationToken cancellationToken = default) =>
        DownloadAsync(BlobName(workspaceId, date, "json"), cancellationToken);

    /// <summary>The stored HTML digest of a day's report, or null when there is none.</summary>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual Task<BinaryData?> GetHtmlAsync(string workspaceId, DateOnly date, CancellationToken cancellationToken = default) =>
        DownloadAsync(BlobName(workspaceId, date, "html"), cancellationToken);

    /// <summary>The most recent summaries of a workspace, newest first (at most <paramref name="count"/>).</summary>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual async Task<IReadOnlyList<StoredReportSummary>> ListAsync(string workspaceId, int count, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {workspaceId}");
        var list = new List<StoredReportSummary>(count);
        await foreach (var page in _summaries.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(count, 1000), cancellationToken: cancellationToken).AsPages())
        {
            foreach (var entity in page.Values)
            {
                list.Add(FromEntity(entity));
                if (list.Count == count)
                {
                    return list;
                }
            }
        }
        return list;
    }

    /// <summary>Summaries of a workspace's days in [<paramref name="from"/>, <paramref name="to"/>], for trends.</summary>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual async Task<IReadOnlyList<HealthDaySummary>> GetSummariesAsync(string workspaceId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        // Row keys are inverted dates, so the later day has the smaller key.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {workspaceId} and RowKey ge {RowKey(to)} and RowKey le {RowKey(from)}");
        var list = new List<HealthDaySummary>();
        await foreach (var entity in _summaries.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add(FromEntity(entity).Summary);
        }
        return list;
    }

    private async Task<BinaryData?> DownloadAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            return (await _container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    // Newest first within the workspace partition: 99999999 - yyyyMMdd.
    internal static string RowKey(DateOnly date) =>
        (99999999 - int.Parse(date.ToString("yyyyMMdd", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)).ToString("D8", CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(string workspaceId, HealthDaySummary s, DateTimeOffset generatedAt)
    {
        var entity = new TableEntity(workspaceId, RowKey(s.Date))
        {
            ["Date"] = s.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Verdict"] = s.Verdict.ToString(),
            ["TotalCalls"] = s.TotalCalls,
            ["Missed"] = s.Missed,
            ["Failed"] = s.Failed,
            ["Issues"] = s.Issues,
            ["GeneratedAt"] = generatedAt,
        };
        if (s.AnswerRate is { } answer) { entity["AnswerRate"] = answer; }
        if (s.Completeness is { } complete) { entity["Completeness"] = complete; }
        return entity;
    }

    private static StoredReportSummary FromEntity(TableEntity e) => new(
        e.PartitionKey,
        new HealthDaySummary
        {
            Date = DateOnly.ParseExact(e.GetString("Date")!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            Verdict = Enum.Parse<HealthVerdict>(e.GetString("Verdict")!),
            TotalCalls = e.GetInt64("TotalCalls") ?? 0,
            Missed = e.GetInt64("Missed") ?? 0,
            Failed = e.GetInt64("Failed") ?? 0,
            Issues = e.GetInt32("Issues") ?? 0,
            AnswerRate = e.GetDouble("AnswerRate"),
            Completeness = e.GetDouble("Completeness"),
        },
        e.GetDateTimeOffset("GeneratedAt"));
}

/// <summary>A listed report.</summary>
/// <param name="WorkspaceId">The workspace.</param>
/// <param name="Summary">Its headline numbers.</param>
/// <param name="GeneratedAt">When it was last generated.</param>
public sealed record StoredReportSummary(string WorkspaceId, HealthDaySummary Summary, DateTimeOffset? GeneratedAt);
