using System.Net;
using System.Net.Sockets;
using Callaro.FunctionsHost.Admin;
using Callaro.FunctionsHost.Blobs;
using Callaro.FunctionsHost.Configuration;
using Callaro.FunctionsHost.Http;
using Callaro.FunctionsHost.Logging;
using Callaro.FunctionsHost.Rpc;
using Callaro.FunctionsHost.Storage;
using Callaro.FunctionsHost.Timers;
using Callaro.FunctionsHost.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Callaro.FunctionsHost;

/// <summary>
/// A local Functions host: starts an isolated-worker build as the Functions host does, serves its HTTP
/// functions, fires its timer and blob triggers, and answers the admin API. Usable from tests and from the
/// command line (<c>Callaro.FunctionsHost --app &lt;dir&gt;</c>).
/// </summary>
public sealed class LocalFunctionsHost : IAsyncDisposable
{
    /// <summary>The version this host reports to the worker (the Functions runtime it stands in for).</summary>
    public const string HostVersion = "4.1040.0";

    private readonly HostLogging _logging;
    private readonly ILogger _log;
    private readonly LocalFunctionsHostOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<WorkerExit> _workerExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly InvocationJournal _journal = new();
    private readonly List<Task> _triggers = [];
    private WebApplication? _rpcServer;
    private WebApplication? _front;
    private WorkerProcess? _worker;
    private WorkerChannel? _channel;
    private HttpForwarder? _forwarder;
    private int _disposed;

    private LocalFunctionsHost(LocalFunctionsHostOptions options, HostLogging logging)
    {
        _options = options;
        _logging = logging;
        _log = logging.Factory.CreateLogger("Host.Startup");
    }

    /// <summary>Where the HTTP functions and the admin API answer, e.g. <c>http://127.0.0.1:7071/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The functions the worker indexed, with their trigger and (for HTTP) route.</summary>
    public IReadOnlyList<HostedFunctionInfo> Functions { get; private set; } = [];

    /// <summary>Every invocation finished so far.</summary>
    public IReadOnlyList<FunctionInvocation> Invocations => _journal.Completed;

    /// <summary>The worker's process id.</summary>
    public int WorkerProcessId => _worker?.Id ?? 0;

    /// <summary>Completes when the worker process exits, with its exit code and why.</summary>
    public Task<WorkerExit> WorkerExited => _workerExited.Task;

    internal FunctionInvoker Invoker { get; private set; } = null!;

    /// <summary>The functions as the worker indexed them.</summary>
    internal IReadOnlyList<HostedFunction> IndexedFunctions { get; private set; } = [];

    /// <summary>The worker's own HTTP server (ASP.NET Core integration), as it announced it.</summary>
    internal Uri WorkerHttpUri { get; private set; } = null!;

    /// <summary>
    /// Starts the worker, completes the handshake, loads every function and starts serving.
    /// </summary>
    /// <exception cref="InvalidOperationException">The app cannot be started; the message says why.</exception>
    public static async Task<LocalFunctionsHost> StartAsync(LocalFunctionsHostOptions options, CancellationToken cancellationToken = default)
    {
        var appDirectory = Path.GetFullPath(options.AppDirectory);
        // Like `func start`, before anything is launched: a worker started only to be stopped again wastes seconds.
        EnsurePortIsFree(options.Port);
        var workerConfig = WorkerConfig.Load(appDirectory);
        var hostJson = HostJson.Load(appDirectory);
        var settings = AppSettings.Load(appDirectory, options.Settings);
        var host = new LocalFunctionsHost(options, HostLogging.Create(hostJson.Logging, options.WriteToConsole, options.LogSink));
        try
        {
            await host.StartCoreAsync(appDirectory, workerConfig, hostJson, settings, cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits for an invocation of <paramref name="functionName"/> that matches, including ones already finished.
    /// </summary>
    public Task<FunctionInvocation> WaitForInvocationAsync(
        string functionName,
        Func<FunctionInvocation, bool>? match = null,
        CancellationToken cancellationToken = default) =>
        _journal.WaitAsync(functionName, match ?? (_ => true), cancellationToken);

    /// <summary>Sends WorkerTerminate, waits for the worker to exit (killing it after the grace period) and stops serving.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_worker is not null && !_worker.Exited.IsCompleted)
        {
            _log.LogInformation("Stopping: the worker gets {Seconds} s to finish.", _options.ShutdownGracePeriod.TotalSeconds);
        }

        if (_front is not null)
        {
            await _front.StopAsync(CancellationToken.None);
        }

        await Task.WhenAll(_triggers).ContinueWith(_ => { }, TaskScheduler.Default);
        if (_worker is not null)
        {
            if (_channel is not null && !_worker.Exited.IsCompleted)
            {
                try
                {
                    _channel.Terminate(_options.ShutdownGracePeriod);
                }
                catch (WorkerUnavailableException)
                {
                    // Never connected or already gone: stopping it is all that is left.
                }
            }

            await _worker.StopAsync(_options.ShutdownGracePeriod);
            _worker.Dispose();
        }

        _channel?.Close("the host is shutting down");
        if (_rpcServer is not null)
        {
            await _rpcServer.StopAsync(CancellationToken.None);
            await _rpcServer.DisposeAsync();
        }

        if (_front is not null)
        {
            await _front.DisposeAsync();
        }

        _forwarder?.Dispose();
        await _logging.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task StartCoreAsync(string appDirectory, WorkerConfig workerConfig, HostJson hostJson, AppSettings settings, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.WorkerStartTimeout);
        var workerId = Guid.NewGuid().ToString();
        var logRouter = new WorkerLogRouter(_journal, _logging, WorkerLogRouter.ChannelCategory(WorkerProcess.RuntimeOf(workerConfig, settings), workerId));
        var channel = _channel = new WorkerChannel(workerId, logRouter.Write);
        _rpcServer = BuildRpcServer(channel);
        await _rpcServer.StartAsync(cancellationToken);
        var rpcUri = new Uri(AddressOf(_rpcServer).Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");

        var start = WorkerProcess.DescribeStart(workerConfig, appDirectory, rpcUri, workerId, settings);
        _options.ConfigureWorkerProcess?.Invoke(start);
        _worker = WorkerProcess.Start(start, _logging.Factory.CreateLogger("Host.Function.Console"));
        _log.LogInformation("Worker process started (pid {Pid}); waiting for it to connect.", _worker.Id);
        _ = WatchWorkerAsync(_worker, channel);

        var functions = IndexedFunctions = await HandshakeAsync(channel, appDirectory, deadline.Token);
        Invoker = new FunctionInvoker(channel, _journal, _logging);
        RequireStorageForNonHttpTriggers(functions, settings);
        var storage = new HostStorage(settings, HostIdOf(settings, appDirectory));
        var timers = functions.Where(f => f.TriggerType.Equals("timerTrigger", StringComparison.OrdinalIgnoreCase))
            .Select(f => new TimerTrigger(f, settings, storage, Invoker, _logging.Factory.CreateLogger($"Host.Triggers.Timer"))).ToList();
        var blobs = functions.Where(f => f.TriggerType.Equals("blobTrigger", StringComparison.OrdinalIgnoreCase))
            .Select(f => new BlobTrigger(f, settings, storage, Invoker, _options, _logging.Factory.CreateLogger("Host.Triggers.Blob"))).ToList();

        _front = BuildFrontEnd(hostJson, functions, timers, blobs, channel);
        try
        {
            await _front.StartAsync(cancellationToken);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            // Taken while the worker started.
            throw new InvalidOperationException(PortUnavailable(_options.Port), e);
        }
        BaseAddress = new Uri(AddressOf(_front) + "/");
        Functions = functions.Select(f => HostedFunctionInfo.From(f, hostJson.RoutePrefix, BaseAddress)).ToList();
        PrintFunctions();

        _triggers.AddRange(timers.Select(t => t.RunAsync(_stopping.Token)));
        _triggers.AddRange(blobs.Select(b => b.RunAsync(_stopping.Token)));
    }

    private static void EnsurePortIsFree(int port)
    {
        if (port == 0)
        {
            return;
        }

        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new InvalidOperationException(PortUnavailable(port), e);
        }
    }

    private static string PortUnavailable(int port) =>
        $"Port {port} is unavailable. Close the process using that port, or choose another one with --port.";

    private async Task<IReadOnlyList<HostedFunction>> HandshakeAsync(WorkerChannel channel, string appDirectory, CancellationToken deadline)
    {
        try
        {
            await channel.Connected.WaitAsync(deadline);
            var init = await channel.InitializeAsync(new WorkerInitRequest
            {
                HostVersion = HostVersion,
                WorkerDirectory = appDirectory,
                FunctionAppDirectory = appDirectory,
            }, deadline);
            if (init.Result?.Status != StatusResult.Types.Status.Success)
            {
                throw new InvalidOperationException($"The worker failed to initialise: {init.Result?.Exception?.Message ?? init.Result?.Result}");
            }

            if (!init.Capabilities.TryGetValue("HttpUri", out var httpUri) || !Uri.TryCreate(httpUri, UriKind.Absolute, out var workerHttp))
            {
                throw new InvalidOperationException(
                    "The worker did not announce an HttpUri: this host runs isolated-worker apps that use ASP.NET Core integration (ConfigureFunctionsWebApplication).");
            }

            WorkerHttpUri = workerHttp;
            var metadata = await channel.GetMetadataAsync(new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory }, deadline);
            if (metadata.Result?.Status == StatusResult.Types.Status.Failure)
            {
                throw new InvalidOperationException($"The worker could not index its functions: {metadata.Result.Exception?.Message ?? metadata.Result.Result}");
            }

            var functions = metadata.FunctionMetadataResults.Select(HostedFunction.From).ToList();
            foreach (var function in functions)
            {
                var loaded = await channel.LoadAsync(new FunctionLoadRequest { FunctionId = function.Id, Metadata = function.Metadata }, deadline);
                if (loaded.Result?.Status != StatusResult.Types.Status.Success)
                {
                    throw new InvalidOperationException($"The worker could not load function '{function.Name}': {loaded.Result?.Exception?.Message ?? loaded.Result?.Result}");
                }
            }

            return functions;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"The worker did not connect and load its functions within {_options.WorkerStartTimeout.TotalSeconds:0} s.{RecentWorkerErrors()}");
        }
        catch (WorkerUnavailableException)
        {
            // The stream can close a moment before the process is reaped; its exit code says most.
            int? exitCode = null;
            try
            {
                exitCode = await _worker!.Exited.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            }
            catch (TimeoutException)
            {
            }

            throw new InvalidOperationException(
                $"The worker exited during start-up{(exitCode is null ? "" : $" with code {exitCode}")}.{RecentWorkerErrors()}");
        }
    }

    private string RecentWorkerErrors() =>
        _worker?.RecentErrors is { Length: > 0 } errors ? $" It wrote:{Environment.NewLine}{errors}" : "";

    private async Task WatchWorkerAsync(WorkerProcess worker, WorkerChannel channel)
    {
        var exitCode = await worker.Exited;
        var expected = _stopping.IsCancellationRequested;
        var reason = expected
            ? $"The worker process exited with code {exitCode} after the host asked it to stop."
            : $"The worker process exited unexpectedly with code {exitCode}.{RecentWorkerErrors()}";
        channel.Close("the worker process exited");
        if (!expected)
        {
            _log.LogCritical("{Reason}", reason);
        }

        _workerExited.TrySetResult(new WorkerExit(exitCode, expected, reason));
    }

    private static void RequireStorageForNonHttpTriggers(IEnumerable<HostedFunction> functions, AppSettings settings)
    {
        if (functions.Any(f => !f.IsHttp) && string.IsNullOrWhiteSpace(settings["AzureWebJobsStorage"]))
        {
            throw new InvalidOperationException(
                "Missing value for AzureWebJobsStorage in local.settings.json (or the environment). It is required by all triggers other than httpTrigger: "
                + "set it to a storage connection string, e.g. UseDevelopmentStorage=true for Azurite.");
        }
    }

    // The Functions host derives a host id that tells its timer status and blob receipts apart from other apps
    // sharing the storage account; locally it comes from the machine and the app folder unless set.
    private static string HostIdOf(AppSettings settings, string appDirectory)
    {
        if (settings["AzureFunctionsWebHost__hostid"] is { Length: > 0 } configured)
        {
            return configured;
        }

        var machine = new string(Environment.MachineName.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(appDirectory)))[..8];
        var name = machine.Length > 23 ? machine[..23] : machine;
        return $"{name}-{hash}";
    }

    private WebApplication BuildRpcServer(WorkerChannel channel)
    {
        var builder = BareServerBuilder();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
        });
        builder.Services.AddSingleton(channel);
        var app = builder.Build();
        app.MapGrpcService<FunctionRpcService>();
        return app;
    }

    private WebApplication BuildFrontEnd(HostJson hostJson, IReadOnlyList<HostedFunction> functions, IReadOnlyList<TimerTrigger> timers, IReadOnlyList<BlobTrigger> blobs, WorkerChannel channel)
    {
        var builder = BareServerBuilder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The Functions host's default request size limit (100 MB).
            kestrel.Limits.MaxRequestBodySize = 100 * 1024 * 1024;
            kestrel.Listen(IPAddress.Loopback, _options.Port);
        });
        builder.Services.AddRouting();
        var app = builder.Build();
        app.UseRouting();
        _forwarder = new HttpForwarder(WorkerHttpUri, Invoker);
        app.MapHttpFunctions(functions, hostJson.RoutePrefix, _forwarder);
        app.MapAdminApi(functions, timers, blobs, Invoker, _logging.Factory, _stopping.Token);
        return app;
    }

    /// <summary>
    /// A server with nothing but Kestrel: the host is configured by the app's host.json and settings, never by
    /// an appsettings.json or ASPNETCORE_* variables where it happens to be started, and it keeps no file
    /// watcher on its working directory (that watcher woke on every line a log file there received).
    /// </summary>
    private static WebApplicationBuilder BareServerBuilder()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        return builder;
    }

    private static string AddressOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    private void PrintFunctions()
    {
        var lines = Functions.Select(f => f.Url is null
            ? $"        {f.Name}: {f.TriggerType}"
            : $"        {f.Name}: [{(f.Methods.Count == 0 ? "GET,POST,PUT,DELETE,HEAD,PATCH,OPTIONS" : string.Join(',', f.Methods))}] {f.Url}");
        _log.LogInformation("Functions:{NewLine}{NewLine}{Functions}{NewLine}", Environment.NewLine, Environment.NewLine, string.Join(Environment.NewLine, lines), Environment.NewLine);
        _log.LogInformation("Host started; listening on {Address}", BaseAddress);
    }
}

/// <summary>How the worker process ended.</summary>
/// <param name="Expected">True when the host asked it to stop.</param>
public sealed record WorkerExit(int ExitCode, bool Expected, string Reason);

/// <summary>A function as the host serves it.</summary>
/// <param name="Url">The HTTP function's address (route template included), null for other triggers.</param>
public sealed record HostedFunctionInfo(string Name, string TriggerType, IReadOnlyList<string> Methods, string? Url)
{
    internal static HostedFunctionInfo From(HostedFunction function, string routePrefix, Uri baseAddress) =>
        function.IsHttp
            ? new(function.Name, function.TriggerType, HttpTriggerEndpoints.MethodsOf(function), baseAddress + HttpTriggerEndpoints.RouteOf(function, routePrefix))
            : new(function.Name, function.TriggerType, [], null);
}
