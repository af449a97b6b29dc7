using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Callaro.Functions.Hosting;

/// <summary>
/// Gives every API request one budget for all its storage calls: after <see cref="Budget"/> the request's
/// cancellation token fires, the storage call in flight stops, and the problem translation answers 503 with
/// Retry-After. Each call is bounded by the clients' retry policy, but a request makes several in a row, and
/// a telephony provider must hear back within 10 s. Invocations from the Functions host (timers, blob
/// triggers) are not under it: the host bounds those with its own function timeout.
/// </summary>
public static class RequestDeadline
{
    /// <summary>Leaves time to write the answer within 10 s, with room for a busy instance.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(7);

    private static readonly object CallerTokenKey = new();

    /// <summary>Whether the caller went away, as opposed to the deadline passing (both cancel <c>RequestAborted</c>).</summary>
    public static bool CallerLeft(HttpContext context) =>
        (context.Items[CallerTokenKey] is CancellationToken caller ? caller : context.RequestAborted).IsCancellationRequested;

    /// <summary>The caller's own token, kept while <c>RequestAborted</c> carries the deadline.</summary>
    internal static void KeepCallerToken(HttpContext context, CancellationToken caller) => context.Items[CallerTokenKey] = caller;
}

/// <summary>Puts every HTTP function's <c>RequestAborted</c> under the <see cref="RequestDeadline.Budget"/>.</summary>
internal sealed class RequestDeadlineMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }

        var callerToken = http.RequestAborted;
        RequestDeadline.KeepCallerToken(http, callerToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        deadline.CancelAfter(RequestDeadline.Budget);
        http.RequestAborted = deadline.Token;
        try
        {
            await next(context);
        }
        finally
        {
            // The problem translation runs outside: it must see whether the caller left, not whether time ran out.
            http.RequestAborted = callerToken;
        }
    }
}
