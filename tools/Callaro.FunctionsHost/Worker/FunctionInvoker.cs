using System.Diagnostics;
using Callaro.FunctionsHost.Logging;
using Callaro.FunctionsHost.Rpc;
using Microsoft.Extensions.Logging;

namespace Callaro.FunctionsHost.Worker;

/// <summary>Sends InvocationRequests and logs each invocation's start and finish as the Functions host does.</summary>
internal sealed class FunctionInvoker(WorkerChannel channel, InvocationJournal journal, HostLogging loggers)
{
    public Task<FunctionInvocation> InvokeAsync(HostedFunction function, InvocationInput input, CancellationToken cancellationToken)
    {
        var request = new InvocationRequest { InvocationId = input.InvocationId, FunctionId = function.Id };
        request.InputData.Add(new ParameterBinding { Name = function.TriggerName, Data = input.TriggerValue });
        request.TriggerMetadata.Add(input.TriggerMetadata);
        request.TraceContext = new RpcTraceContext { TraceParent = Activity.Current?.Id ?? "" };
        if (input.Retry is not null)
        {
            request.RetryContext = input.Retry;
        }

        return RunLoggedAsync(function, input, async () =>
        {
            try
            {
                var response = await channel.InvokeAsync(request, cancellationToken);
                return FailureOf(response.Result);
            }
            catch (WorkerUnavailableException e)
            {
                return e.Message;
            }
        });
    }

    /// <summary>
    /// An invocation whose trigger value cannot bind, e.g. an HTTP function started without a request: the host
    /// logs it as started and failed, and the worker never sees it.
    /// </summary>
    public Task<FunctionInvocation> FailBindingAsync(HostedFunction function, InvocationInput input, string reason) =>
        RunLoggedAsync(function, input, () => Task.FromResult<string?>($"Exception binding parameter '{function.TriggerName}': {reason}"));

    private async Task<FunctionInvocation> RunLoggedAsync(HostedFunction function, InvocationInput input, Func<Task<string?>> run)
    {
        var logger = loggers.Logger($"Function.{function.Name}");
        using var scope = logger.BeginScope(new InvocationScope(function.Name, input.InvocationId));
        journal.Start(input.InvocationId, function.Name);
        logger.LogInformation("Executing 'Functions.{Function}' (Reason='{Reason}', Id={Id})", function.Name, input.Reason, input.InvocationId);
        var clock = Stopwatch.StartNew();
        var error = await run();
        var duration = clock.Elapsed;
        if (error is null)
        {
            logger.LogInformation("Executed 'Functions.{Function}' (Succeeded, Id={Id}, Duration={Duration}ms)",
                function.Name, input.InvocationId, (long)duration.TotalMilliseconds);
        }
        else
        {
            logger.LogError("Executed 'Functions.{Function}' (Failed, Id={Id}, Duration={Duration}ms)" + Environment.NewLine + "{Error}",
                function.Name, input.InvocationId, (long)duration.TotalMilliseconds, error);
        }

        return journal.Finish(input.InvocationId, input.Reason, error is null, error, duration);
    }

    private static string? FailureOf(StatusResult? result) => result?.Status switch
    {
        StatusResult.Types.Status.Success => null,
        StatusResult.Types.Status.Cancelled => "The invocation was cancelled.",
        _ => result?.Exception is { } exception
            ? $"{exception.Type}: {exception.Message}".TrimStart(':', ' ')
            : result?.Result is { Length: > 0 } text ? text : "The worker reported a failure without details.",
    };
}

/// <summary>What one invocation gets: its trigger value, trigger metadata, and why it runs.</summary>
internal sealed record InvocationInput(string Reason, TypedData TriggerValue, IDictionary<string, TypedData> TriggerMetadata)
{
    public string InvocationId { get; init; } = Guid.NewGuid().ToString();

    public RetryContext? Retry { get; init; }
}
