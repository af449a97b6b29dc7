using Azure;
using Callaro.Functions.Problems;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callaro.Functions.Health;

/// <summary><c>GET /api/health</c>: can the app reach its storage? Anonymous, so it reveals no names or settings.</summary>
public static class HealthApi
{
    /// <summary>A probe that takes longer than this counts as unreachable, so a monitor gets a quick answer.</summary>
    internal static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    internal static async Task<Results<Ok<HealthStatus>, ProblemHttpResult>> GetHealthAsync(
        TableServiceClient tables, BlobServiceClient blobs, HttpResponse response, CancellationToken cancellationToken)
    {
        var tableProbe = ProbeAsync(async ct => await tables.GetPropertiesAsync(ct), cancellationToken);
        var blobProbe = ProbeAsync(async ct => await blobs.GetPropertiesAsync(ct), cancellationToken);
        var (tablesProblem, blobsProblem) = (await tableProbe, await blobProbe);

        if (tablesProblem is null && blobsProblem is null)
        {
            return TypedResults.Ok(new HealthStatus("healthy", Reachable, Reachable));
        }

        var unreachable = new[] { ("Table storage", tablesProblem), ("Blob storage", blobsProblem) }
            .Where(p => p.Item2 is not null)
            .Select(p => $"{p.Item1} is unreachable ({p.Item2})");
        response.Headers.RetryAfter = ((int)CallaroProblems.StorageRetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            title: "Storage is unreachable",
            detail: string.Join("; ", unreachable) + ". Check that the storage account (locally: Azurite, started by ./run.sh) is running and that Callaro__Storage__ConnectionString points at it.",
            statusCode: StatusCodes.Status503ServiceUnavailable,
            extensions: new Dictionary<string, object?>
            {
                ["tables"] = tablesProblem is null ? Reachable : Unreachable,
                ["blobs"] = blobsProblem is null ? Reachable : Unreachable,
            });
    }

    private const string Reachable = "reachable";
    private const string Unreachable = "unreachable";

    /// <returns>null when the service answered; otherwise why not, in words without secrets.</returns>
    private static async Task<string?> ProbeAsync(Func<CancellationToken, Task> probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await probe(timeout.Token);
            return null;
        }
        catch (RequestFailedException e) when (e.Status == 0)
        {
            return "no answer";
        }
        catch (RequestFailedException e)
        {
            return $"answered {e.Status}{(e.ErrorCode is null ? "" : " " + e.ErrorCode)}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {ProbeTimeout.TotalSeconds:0} s";
        }
        catch (Exception e) when (e is HttpRequestException or AggregateException)
        {
            // Azure.Core reports exhausted retries as an AggregateException of the attempts.
            return Callaro.Functions.Hosting.Verbs.StorageFailure(e) is { Status: > 0 } answered ? $"answered {answered.Status} {answered.ErrorCode}".TrimEnd() : "no answer";
        }
    }
}

/// <param name="Status"><c>healthy</c>.</param>
/// <param name="Tables"><c>reachable</c>.</param>
/// <param name="Blobs"><c>reachable</c>.</param>
public sealed record HealthStatus(string Status, string Tables, string Blobs);
