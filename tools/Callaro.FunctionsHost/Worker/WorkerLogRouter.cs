using Callaro.FunctionsHost.Logging;
using Callaro.FunctionsHost.Rpc;
using Microsoft.Extensions.Logging;

namespace Callaro.FunctionsHost.Worker;

/// <summary>
/// Logs the worker's RpcLog messages as the Functions host does. A user log of a running invocation is the
/// function's log (<c>Function.{name}.User</c>), whatever category it had in the worker: ASP.NET Core's lines
/// inside a function count as the function's, so host.json filters them by the function's category, not by
/// <c>Microsoft</c>. System logs go to the worker channel's category; user logs outside any invocation are
/// dropped (at Debug), as the host drops them.
/// </summary>
internal sealed class WorkerLogRouter(InvocationJournal journal, HostLogging loggers, string channelCategory)
{
    private readonly ILogger _channel = loggers.Logger(channelCategory);

    /// <summary>The category the Functions host gives a worker's channel: <c>Worker.LanguageWorkerChannel.{runtime}.{worker id}</c>.</summary>
    public static string ChannelCategory(string runtime, string workerId) => $"Worker.LanguageWorkerChannel.{runtime}.{workerId}";

    public void Write(RpcLog log)
    {
        var exception = log.Exception is { } e ? new WorkerException(e) : null;
        if (log.LogCategory == RpcLog.Types.RpcLogCategory.System)
        {
            _channel.Log(SystemLevelOf(log.Level), exception, "{Message}", log.Message);
            return;
        }

        var function = log.InvocationId.Length > 0 ? journal.FunctionOf(log.InvocationId) : null;
        if (function is null)
        {
            _channel.LogDebug("Ignoring RpcLog from invocation '{InvocationId}' because there is no matching ScriptInvocationContext.", log.InvocationId);
            return;
        }

        journal.AddLog(log.InvocationId, log.Message);
        var logger = loggers.Logger($"Function.{function}.User");
        using var scope = logger.BeginScope(new InvocationScope(function, log.InvocationId));
        logger.Log((LogLevel)(int)log.Level, exception, "{Message}", log.Message);
    }

    // The host writes system logs at Warning, Error or else Information.
    private static LogLevel SystemLevelOf(RpcLog.Types.Level level) => level switch
    {
        RpcLog.Types.Level.Warning => LogLevel.Warning,
        RpcLog.Types.Level.Error => LogLevel.Error,
        _ => LogLevel.Information,
    };

    /// <summary>An exception thrown in the worker, as it reported it.</summary>
    private sealed class WorkerException(Rpc.RpcException exception) : Exception(exception.Message)
    {
        public override string ToString() =>
            $"{exception.Type}: {exception.Message}{Environment.NewLine}{exception.StackTrace}".Trim();
    }
}
