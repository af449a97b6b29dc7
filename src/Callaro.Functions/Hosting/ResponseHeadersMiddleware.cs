using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Callaro.Functions.Hosting;

/// <summary>
/// Every HTTP answer carries <c>X-Content-Type-Options: nosniff</c> (a browser never reinterprets call data as
/// script or HTML) and, unless the function chose its own, <c>Cache-Control: no-store</c> (call data must not sit
/// in shared proxies or the browser cache).
/// </summary>
internal sealed class ResponseHeadersMiddleware : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http)
        {
            http.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                headers.XContentTypeOptions = "nosniff";
                if (string.IsNullOrEmpty(headers.CacheControl))
                {
                    headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            }, http.Response);
        }

        return next(context);
    }
}
