using System.Diagnostics;

namespace Callaro.FunctionsHost;

/// <summary>How to run a worker build: the equivalent of <c>func start</c>'s arguments.</summary>
public sealed class LocalFunctionsHostOptions
{
    /// <summary>The worker's build output: the folder holding worker.config.json, host.json and functions.metadata.</summary>
    public required string AppDirectory { get; init; }

    /// <summary>The HTTP port (default 7071, as <c>func start</c>); 0 picks a free one.</summary>
    public int Port { get; init; } = 7071;

    /// <summary>App settings that win over local.settings.json and the environment (tests, run scripts).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Receives every log line that passes host.json's filters, besides the console.</summary>
    public Action<HostLogEntry>? LogSink { get; init; }

    /// <summary>Whether log lines are written to the console (the command line does; tests usually don't).</summary>
    public bool WriteToConsole { get; init; }

    /// <summary>
    /// Changes how the worker process is started (e.g. under a profiler). Left null, the worker starts exactly as
    /// the Functions host starts it.
    /// </summary>
    public Action<ProcessStartInfo>? ConfigureWorkerProcess { get; init; }

    /// <summary>How often blob trigger containers are scanned for new blob versions.</summary>
    public TimeSpan BlobScanInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Back-off before the first retry of a failed blob invocation; it doubles on each further retry.</summary>
    public TimeSpan BlobRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the worker gets to connect, initialise and load its functions.</summary>
    public TimeSpan WorkerStartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the worker gets to exit after WorkerTerminate before it is killed.</summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(5);
}
