using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
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
    private readonly HostLogProvider _provider;
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new();

    private HostLogging(ServiceProvider services, HostLogProvider provider)
    {
        _services = services;
        _provider = provider;
        Factory = services.GetRequiredService<ILoggerFactory>();
    }

    public ILoggerFactory Factory { get; }

    /// <summary>
    /// The logger of a category, made once: the factory takes a lock per CreateLogger, which every request
    /// would otherwise contend for (invocation lines and the worker's logs are per invocation).
    /// </summary>
    public ILogger Logger(string category) => _loggers.GetOrAdd(category, Factory.CreateLogger);

    public static HostLogging Create(IConfiguration hostJsonLogging, bool writeToConsole, Action<HostLogEntry>? sink)
    {
        var services = new ServiceCollection();
        var provider = new HostLogProvider(writeToConsole, sink);
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddConfiguration(hostJsonLogging);
            logging.AddProvider(provider);
        });
        return new HostLogging(services.BuildServiceProvider(), provider);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _provider.DrainAsync();
    }
}

/// <summary>Scope state that ties a log line to a function invocation.</summary>
internal sealed record InvocationScope(string FunctionName, string InvocationId);

/// <summary>
/// Writes log lines to the console from one background writer, as the console logger of ASP.NET Core and the
/// Functions host do: a request thread only queues its line, and never waits on the console or on other
/// requests' lines. Lines keep their order.
/// </summary>
internal sealed class HostLogProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly Action<HostLogEntry>? _sink;
    private readonly Channel<HostLogEntry>? _console;
    private readonly Task _consoleWriter = Task.CompletedTask;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public HostLogProvider(bool writeToConsole, Action<HostLogEntry>? sink)
    {
        _sink = sink;
        if (writeToConsole)
        {
            _console = Channel.CreateUnbounded<HostLogEntry>(new() { SingleReader = true });
            _consoleWriter = Task.Run(WriteConsoleLinesAsync);
        }
    }

    public ILogger CreateLogger(string categoryName) => new HostLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    /// <summary>Writes out every queued line; later lines are dropped.</summary>
    public Task DrainAsync()
    {
        _console?.Writer.TryComplete();
        return _consoleWriter;
    }

    private void Write(HostLogEntry entry)
    {
        _sink?.Invoke(entry);
        _console?.Writer.TryWrite(entry);
    }

    private async Task WriteConsoleLinesAsync()
    {
        // Console.Out flushes every line; this writer flushes once the queue is empty, so a busy host writes its
        // lines in a few large writes instead of one system call per line. It awaits new lines rather than
        // blocking a thread on them: a blocked wait spins first, and under load that spinning took CPU from the
        // requests whose lines it writes.
        using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        var reader = _console!.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var entry))
            {
                WriteConsoleLine(output, entry);
            }

            output.Flush();
        }
    }

    private static void WriteConsoleLine(StreamWriter output, HostLogEntry entry)
    {
        // func start's console shape: a UTC timestamp in brackets, then the message.
        var line = $"[{entry.Timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}] {entry.Message}";
        if (entry.Exception is not null)
        {
            line += Environment.NewLine + entry.Exception;
        }

        ConsoleColor? highlight = entry.Level switch
        {
            >= LogLevel.Error => ConsoleColor.Red,
            LogLevel.Warning => ConsoleColor.Yellow,
            _ => null,
        };
        if (highlight is null)
        {
            output.WriteLine(line);
            return;
        }

        // The console sets colours on its own stream: what is buffered goes out first to keep the order.
        output.Flush();
        var color = Console.ForegroundColor;
        Console.ForegroundColor = highlight.Value;
        output.WriteLine(line);
        output.Flush();
        Console.ForegroundColor = color;
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
