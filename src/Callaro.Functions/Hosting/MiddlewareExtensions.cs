using Callaro.Functions.Problems;

namespace Callaro.Functions.Hosting;

public static class MiddlewareExtensions
{
    /// <summary>
    /// The request pipeline every endpoint shares: answer headers, problem+json for errors, single-valued
    /// query parameters, the request deadline, then access, then body rules.
    /// </summary>
    public static IApplicationBuilder UseCallaroMiddleware(this IApplicationBuilder app)
    {
        app.UseNoSniffNoStore();
        app.UseCallaroProblemDetails();
        app.UseSingleValuedQueryParameters();
        app.UseRequestDeadline();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRequestBodyRules();
        return app;
    }

    /// <summary>
    /// Every answer carries <c>X-Content-Type-Options: nosniff</c> (a browser never reinterprets call data as
    /// script or HTML) and, unless the endpoint chose its own, <c>Cache-Control: no-store</c> (call data must
    /// not sit in shared proxies or the browser cache).
    /// </summary>
    public static IApplicationBuilder UseNoSniffNoStore(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                if (string.IsNullOrEmpty(headers.CacheControl))
                {
                    headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
}
