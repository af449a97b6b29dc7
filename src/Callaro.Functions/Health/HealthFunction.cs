using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Callaro.Functions.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace Callaro.Functions.Health;

public sealed class HealthFunction(TableServiceClient tables, BlobServiceClient blobs)
{
    [Function("Health")]
    [TakesQuery(QuerySet.None)]
    public Task<Results<Ok<HealthStatus>, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        HealthApi.GetHealthAsync(tables, blobs, request.HttpContext.Response, request.HttpContext.RequestAborted);
}
