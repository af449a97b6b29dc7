using Callaro.FunctionsHost.Logging;
using Callaro.FunctionsHost.Rpc;
using Microsoft.Extensions.Logging;

namespace Callaro.FunctionsHost.Worker;

/// <summary>
/// Logs the worker's RpcLog messages under the categories the Functions host uses: an invocation's user logs
/// as <c>Function.{name}.User</c>, its system logs as <c>Function.{name}</c>, anything else under the
/// worker's own category (e.g. <c>Microsoft.AspNetCore…</c>) so host.json can filter framework noise.
/// </summary>
internal sealed class WorkerLogRouter(InvocationJournal journal, HostLogging loggers)
{
    public void Write(RpcLog log)
    {
        var level = (LogLevel)(int)log.Level;
        var exception = log.Exception is { } e ? new WorkerException(e) : null;
        var function = log.InvocationId.Length > 0 ? journal.FunctionOf(log.InvocationId) : null;
        if (function is null)
        {
            var category = log.Category.Length > 0 ? log.Category : "Worker";
            loggers.Logger(category).Log(level, exception, "{Message}", log.Message);
            return;
        }

        var isUser = log.LogCategory == RpcLog.Types.RpcLogCategory.User;
        if (isUser)
        {
            journal.AddLog(log.InvocationId, log.Message);
        }

        var logger = loggers.Logger(isUser ? $"Function.{function}.User" : $"Function.{function}");
        using var scope = logger.BeginScope(new InvocationScope(function, log.InvocationId));
        logger.Log(level, exception, "{Message}", log.Message);
    }

    /// <summary>An exception thrown in the worker, as it reported it.</summary>
    private sealed class WorkerException(Rpc.RpcException exception) : Exception(exception.Message)
    {
        public override string ToString() =>
            $"{exception.Type}: {exception.Message}{Environment.NewLine}{exception.StackTrace}".Trim();
    }
}
