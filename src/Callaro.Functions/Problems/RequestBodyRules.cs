using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Callaro.Functions.Problems;

/// <summary>
/// Endpoint metadata: the largest body and the content types an endpoint accepts. Enforced by
/// <see cref="RequestBodyRulesExtensions.UseRequestBodyRules"/> before the body is read, so a
/// too-large or mistyped body is answered 413/415 problem+json and nothing is written.
/// </summary>
public sealed record RequestBodyRules(long MaxBytes, IReadOnlyList<string> ContentTypes);

public static class RequestBodyRulesExtensions
{
    /// <summary>
    /// Accepts bodies of at most <paramref name="maxBytes"/> with one of <paramref name="contentTypes"/>
    /// (media types compared without parameters, e.g. <c>application/json</c> matches <c>application/json; charset=utf-8</c>).
    /// </summary>
    public static TBuilder AcceptsBody<TBuilder>(this TBuilder builder, long maxBytes, params string[] contentTypes)
        where TBuilder : IEndpointConventionBuilder
    {
        var rules = new RequestBodyRules(maxBytes, contentTypes);
        builder.Add(endpoint => endpoint.Metadata.Add(rules));
        return builder;
    }

    public static IApplicationBuilder UseRequestBodyRules(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var rules = context.GetEndpoint()?.Metadata.GetMetadata<RequestBodyRules>();
            if (rules is null)
            {
                await next(context);
                return;
            }

            if (context.Request.ContentLength > rules.MaxBytes)
            {
                await CallaroProblems.PayloadTooLarge(rules.MaxBytes).ExecuteAsync(context);
                return;
            }

            if (rules.ContentTypes.Count > 0 && !HasAcceptedContentType(context.Request, rules.ContentTypes))
            {
                await CallaroProblems.UnsupportedMediaType(context.Request.ContentType, rules.ContentTypes).ExecuteAsync(context);
                return;
            }

            // Chunked bodies carry no length up front; Kestrel stops them at the limit while they are read.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = rules.MaxBytes;
            }

            await next(context);
        });

    private static bool HasAcceptedContentType(HttpRequest request, IReadOnlyList<string> accepted) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
        && accepted.Any(a => mediaType.MediaType.Equals(a, StringComparison.OrdinalIgnoreCase));
}
