using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Callaro.FunctionsHost.SampleApp;

public sealed class HttpFunctions(ILogger<HttpFunctions> logger)
{
    [Function("GetItem")]
    public IResult GetItem(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "items/{id:int}/{*rest}")] HttpRequest request,
        int id,
        string? rest)
    {
        logger.LogInformation("Reading item {Id}", id);
        return TypedResults.Ok(new ItemAnswer(
            id,
            rest ?? "",
            request.Query["tag"].ToString(),
            request.Headers["X-Sample"].ToString(),
            request.Host.Value ?? ""));
    }

    [Function("Echo")]
    public async Task Echo([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "echo")] HttpRequest request)
    {
        var response = request.HttpContext.Response;
        response.ContentType = request.ContentType ?? "application/octet-stream";
        await request.Body.CopyToAsync(response.Body, request.HttpContext.RequestAborted);
    }

    [Function("Fail")]
    public IResult Fail([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "fail")] HttpRequest request) =>
        throw new InvalidOperationException("The sample function failed on purpose.");

    [Function("Slow")]
    public async Task<IResult> Slow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "slow")] HttpRequest request,
        FunctionContext context)
    {
        logger.LogInformation("Slow started");
        await Task.Delay(TimeSpan.FromMinutes(2), context.CancellationToken);
        return TypedResults.Ok();
    }

    [Function("Hello")]
    public IResult Hello([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request) =>
        TypedResults.Text("hello");

    [Function("SampleNoisy")]
    public IResult Noisy([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "noisy")] HttpRequest request)
    {
        logger.LogInformation("This line is below the level host.json sets for this function.");
        logger.LogWarning("This warning passes the filter.");
        return TypedResults.NoContent();
    }
}

public sealed record ItemAnswer(int Id, string Rest, string Tag, string Header, string Host);
