using Azure;
using Callaro.Functions.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Callaro.Functions.Problems;

/// <summary>
/// The one place exceptions of HTTP functions become answers. Storage trouble becomes 503 with Retry-After so
/// that telephony providers retry (a 2xx would tell them the event is stored); anything unexpected becomes a
/// 500 that reveals neither the stack nor a setting. Timer and blob functions are left to fail, so the host
/// retries them.
/// </summary>
internal sealed class ProblemTranslationMiddleware(ILogger<ProblemTranslationMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (context.GetHttpContext() is { } http)
        {
            context.GetInvocationResult().Value = Answer(exception, http);
        }
    }

    private IResult Answer(Exception exception, HttpContext http)
    {
        if (RequestDeadline.CallerLeft(http))
        {
            // The caller has gone; nobody reads an answer.
            return Results.StatusCode(499);
        }

        var result = Translate(exception, http);
        Log(exception, result.StatusCode);
        if (result.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            http.Response.Headers.RetryAfter = ((int)CallaroProblems.StorageRetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return result;
    }

    internal static ProblemHttpResult Translate(Exception exception, HttpContext httpContext) => exception switch
    {
        RequestFailedException { ErrorCode: "TableNotFound" or "ContainerNotFound" } e =>
            TypedResults.Problem(
                title: "Storage is not provisioned",
                detail: "A table or container the app needs does not exist; the request was not stored. Deploy infra/main.bicep (it creates them) or run 'Callaro.Functions provision' (./run.sh does), then retry.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                extensions: new Dictionary<string, object?> { ["storageErrorCode"] = e.ErrorCode }),
        RequestFailedException { Status: StatusCodes.Status404NotFound } =>
            CallaroProblems.NotFound("The requested item does not exist. Check the id, or list the items to find it."),
        RequestFailedException { Status: StatusCodes.Status412PreconditionFailed } =>
            CallaroProblems.PreconditionFailed("The item changed after you read it, so your change was not applied. Read it again and retry."),
        RequestFailedException { Status: StatusCodes.Status409Conflict } =>
            CallaroProblems.Conflict("The item already exists or is being changed by another request; nothing was changed. Read it again and retry."),
        RequestFailedException e => CallaroProblems.StorageUnavailable(e.ErrorCode),
        HttpRequestException or TimeoutException or OperationCanceledException => CallaroProblems.StorageUnavailable(),
        // Azure.Core reports exhausted retries as an AggregateException of the attempts.
        AggregateException e when e.InnerExceptions.All(IsTransport) => CallaroProblems.StorageUnavailable(),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            CallaroProblems.PayloadTooLarge(httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize),
        BadHttpRequestException e =>
            TypedResults.Problem(title: "Bad request", detail: e.Message + " Fix the request and send it again.", statusCode: e.StatusCode),
        System.Text.Json.JsonException =>
            CallaroProblems.BadRequest("The request body is not valid JSON. Fix the body and send it again."),
        _ => TypedResults.Problem(
            title: "Unexpected error",
            detail: "Something went wrong on our side and the request may not have completed. Retry; if it keeps failing, give the traceId to an operator, who will find the cause in the logs.",
            statusCode: StatusCodes.Status500InternalServerError),
    };

    private static bool IsTransport(Exception e) =>
        e is RequestFailedException or HttpRequestException or TimeoutException or OperationCanceledException;

    private void Log(Exception exception, int? status)
    {
        if (status >= 500)
        {
            logger.LogError(exception, "Request failed with {Status}", status);
        }
        else
        {
            logger.LogInformation("Request rejected with {Status}: {Reason}", status, exception.GetType().Name);
        }
    }
}
