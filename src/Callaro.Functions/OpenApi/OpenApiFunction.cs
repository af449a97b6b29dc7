using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace Callaro.Functions.OpenApi;

/// <summary><c>GET /api/openapi.json</c>: the API's description, public like the routes it lists.</summary>
public static class OpenApiFunction
{
    [Function("OpenApi")]
    [TakesQuery(QuerySet.None)]
    public static ContentHttpResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        TypedResults.Text(OpenApiDocument.Text, "application/json");
}
