namespace Callaro.Functions.Hosting;

/// <summary>
/// Gives every API request one budget for all its storage calls: after <see cref="Budget"/> the request's
/// cancellation token fires, the storage call in flight stops, and the exception handler answers 503 with
/// Retry-After. Each call is bounded by the clients' retry policy, but a request makes several in a row, and
/// a telephony provider must hear back within 10 s. Invocations from the Functions host (timers, blob
/// triggers) are not under it: the host bounds those with its own function timeout.
/// </summary>
public static class RequestDeadline
{
    /// <summary>Leaves time to write the answer within 10 s, with room for a busy instance.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(7);

    private static readonly PathString Api = "/api";
    private static readonly object CallerTokenKey = new();

    /// <summary>Whether the caller went away, as opposed to the deadline passing (both cancel <c>RequestAborted</c>).</summary>
    public static bool CallerLeft(HttpContext context) =>
        (context.Items[CallerTokenKey] is CancellationToken caller ? caller : context.RequestAborted).IsCancellationRequested;

    public static IApplicationBuilder UseRequestDeadline(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments(Api))
            {
                await next(context);
                return;
            }

            var callerToken = context.RequestAborted;
            context.Items[CallerTokenKey] = callerToken;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
            deadline.CancelAfter(Budget);
            context.RequestAborted = deadline.Token;
            try
            {
                await next(context);
            }
            finally
            {
                // The exception handler runs outside: it must see whether the caller left, not whether time ran out.
                context.RequestAborted = callerToken;
            }
        });
}
