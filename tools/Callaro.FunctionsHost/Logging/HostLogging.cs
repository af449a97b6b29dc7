using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Callaro.FunctionsHost.Logging;

/// <summary>
/// The host's loggers, filtered by host.json's <c>logging.logLevel</c> the way the Functions host filters:
/// the longest matching category prefix wins (<c>Function.MyFunc.User</c>, <c>Function</c>, <c>default</c>).
/// </summary>
internal sealed class HostLogging : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private HostLogging(ServiceProvider services)
    {
        _services = services;
        Factory = services.GetRequiredService<ILoggerFactory>();
    }

    public ILoggerFactory Factory { get; }

    public static HostLogging Create(IConfiguration hostJsonLogging, bool writeToConsole, Action<HostLogEntry>? sink)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddConfiguration(hostJsonLogging);
            logging.AddProvider(new HostLogProvider(writeToConsole, sink));
        });
        return new HostLogging(services.BuildServiceProvider());
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}

/// <summary>Scope state that ties a log line to a function invocation.</summary>
internal sealed record InvocationScope(string FunctionName, string InvocationId);

internal sealed class HostLogProvider(bool writeToConsole, Action<HostLogEntry>? sink) : ILoggerProvider, ISupportExternalScope
{
    private static readonly Lock ConsoleLock = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string categoryName) => new HostLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private void Write(HostLogEntry entry)
    {
        sink?.Invoke(entry);
        if (!writeToConsole)
        {
            return;
        }

        // func start's console shape: a UTC timestamp in brackets, then the message.
        var line = $"[{entry.Timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}] {entry.Message}";
        if (entry.Exception is not null)
        {
            line += Environment.NewLine + entry.Exception;
        }

        lock (ConsoleLock)
        {
            var color = Console.ForegroundColor;
            Console.ForegroundColor = entry.Level switch
            {
                >= LogLevel.Error => ConsoleColor.Red,
                LogLevel.Warning => ConsoleColor.Yellow,
                _ => color,
            };
            Console.Out.WriteLine(line);
            Console.ForegroundColor = color;
        }
    }

    private sealed class HostLogger(string category, HostLogProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            InvocationScope? invocation = null;
            provider._scopes.ForEachScope((scope, _) => invocation = scope as InvocationScope ?? invocation, (object?)null);
            provider.Write(new HostLogEntry(
                DateTimeOffset.UtcNow,
                category,
                logLevel,
                formatter(state, exception),
                invocation?.FunctionName,
                invocation?.InvocationId,
                exception?.ToString()));
        }
    }
}
