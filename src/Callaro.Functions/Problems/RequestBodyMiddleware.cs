using Microsoft.AspNetCore.Http.Features;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Net.Http.Headers;
using Callaro.Functions.Hosting;

namespace Callaro.Functions.Problems;

/// <summary>
/// On a function: the largest body and the content types it accepts (media types compared without parameters,
/// e.g. <c>application/json</c> matches <c>application/json; charset=utf-8</c>). Enforced by
/// <see cref="RequestBodyMiddleware"/> before the body is read, so a too-large or mistyped body is answered
/// 413/415 problem+json and nothing is written.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AcceptsBodyAttribute(long maxBytes, params string[] contentTypes) : Attribute
{
    public long MaxBytes { get; } = maxBytes;

    public IReadOnlyList<string> ContentTypes { get; } = contentTypes;
}

internal sealed class RequestBodyMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http || FunctionMetadata.Get<AcceptsBodyAttribute>(context) is not { } rules)
        {
            await next(context);
            return;
        }

        if (http.Request.ContentLength > rules.MaxBytes)
        {
            context.GetInvocationResult().Value = CallaroProblems.PayloadTooLarge(rules.MaxBytes);
            return;
        }

        if (rules.ContentTypes.Count > 0 && !HasAcceptedContentType(http.Request, rules.ContentTypes))
        {
            context.GetInvocationResult().Value = CallaroProblems.UnsupportedMediaType(http.Request.ContentType, rules.ContentTypes);
            return;
        }

        // Chunked bodies carry no length up front; Kestrel stops them at the limit while they are read.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = rules.MaxBytes;
        }

        await next(context);
    }

    private static bool HasAcceptedContentType(HttpRequest request, IReadOnlyList<string> accepted) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
        && accepted.Any(a => mediaType.MediaType.Equals(a, StringComparison.OrdinalIgnoreCase));
}
