using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Callaro.Core;
using Callaro.Functions.Access;
using Callaro.Functions.Attachments;
using Callaro.Functions.Configuration;
using Callaro.Functions.Hosting;
using Callaro.Functions.Storage;
using Callaro.FunctionsHost;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Callaro.Functions.Tests.Infrastructure;

/// <summary>
/// The app under test: its real worker (built by <see cref="CallaroFunctionsApp.CreateBuilder"/>, as Program.cs does,
/// with the same worker middleware) running in the test process, connected over gRPC to the local Functions host,
/// which serves the HTTP functions on a free loopback port. Against the Azurite of ./test.sh with its own table and
/// container prefix (so tests run in parallel without seeing each other's data), known local secrets, and four
/// access keys. Create one per test: <c>using var app = new CallaroApplication();</c>.
/// </summary>
/// <remarks>
/// The worker runs in-process so that tests can replace services (a fake clock, a failing transport) and read the
/// app's own services. The local host launches workers as processes; it is given a stand-in process that lives as
/// long as the test process, and the in-process worker connects with the arguments the host gave the stand-in.
/// Blob containers are scanned only when a test asks for it (<see cref="WithBlobTriggers"/>), so tests that invoke
/// the trigger functions themselves are not raced by the host.
/// </remarks>
public sealed class CallaroApplication : IDisposable, IAsyncDisposable
{
    public const string StorageVariable = "CALLARO_TEST_STORAGE";

    public const string WebhookSigningSecret = "test-webhook-signing-secret";
    public const string TwilioAuthToken = "test-twilio-auth-token";
    public const string VonageSignatureSecret = "test-vonage-signature-secret";
    public const string PublicBaseUrl = "http://localhost";

    /// <summary>Telephony role, workspace <c>default</c>.</summary>
    public const string ReaderKey = "reader-key-0f3a9c";
    /// <summary>Admin role, every workspace.</summary>
    public const string AdminKey = "admin-key-7b21e4";
    /// <summary>A known key with no telephony role.</summary>
    public const string NoTelephonyKey = "no-telephony-key-5d8e10";
    /// <summary>Telephony role, workspace <c>other</c> only.</summary>
    public const string OtherWorkspaceKey = "other-workspace-key-c94f2b";

    private static readonly Lock ProcessEnvironment = new();

    private readonly Dictionary<string, string?> _settings;
    private int _keys;
    private readonly List<Action<IServiceCollection>> _services = [];
    private readonly SemaphoreSlim _starting = new(1, 1);
    private TimeSpan _blobScanInterval = TimeSpan.FromDays(1);
    private bool _provision = true;
    private LocalFunctionsHost? _host;
    private IHost? _worker;
    private LoopbackRelay? _relay;

    public CallaroApplication()
    {
        Prefix = "t" + Guid.NewGuid().ToString("N")[..8];
        _settings = new Dictionary<string, string?>
        {
            ["Callaro:Storage:ConnectionString"] = StorageConnectionString,
            ["Callaro:Storage:NamePrefix"] = Prefix,
            ["Callaro:Webhooks:SigningSecret"] = WebhookSigningSecret,
            ["Callaro:Twilio:AuthToken"] = TwilioAuthToken,
            ["Callaro:Vonage:SignatureSecret"] = VonageSignatureSecret,
            ["Callaro:PublicBaseUrl"] = PublicBaseUrl,
            [AttachmentTriggers.Connection] = StorageConnectionString,
            // Never due while a test runs; tests run the timer function themselves.
            ["HealthReportSchedule"] = "0 0 0 1 1 *",
        };
        WithKey("test reader", ReaderKey, [CallaroRoles.Telephony], ["default"]);
        WithKey("test admin", AdminKey, [CallaroRoles.Admin], [WorkspaceAccess.AllWorkspaces]);
        WithKey("test no-telephony", NoTelephonyKey, [], ["default"]);
        WithKey("test other workspace", OtherWorkspaceKey, [CallaroRoles.Telephony], ["other"]);
    }

    /// <summary>This test's table and container prefix.</summary>
    public string Prefix { get; }

    public StorageNames Names => new(_settings["Callaro:Storage:NamePrefix"] ?? "");

    /// <summary>Everything the app logged, formatted, for tests that check what is (not) logged.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>The app's services (starts the app).</summary>
    public IServiceProvider Services => Start();

    /// <summary>The local Functions host serving the app (starts the app).</summary>
    public LocalFunctionsHost Host
    {
        get
        {
            Start();
            return _host!;
        }
    }

    /// <summary>The Azurite connection string from ./test.sh.</summary>
    public static string StorageConnectionString =>
        Environment.GetEnvironmentVariable(StorageVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{StorageVariable} is not set, so the integration tests have no storage to talk to. Run them with ./test.sh, " +
                $"which starts Azurite and sets {StorageVariable}, or set it to an Azurite connection string yourself.");

    /// <summary>Overrides one setting (configuration key with ':'); null removes it. Call before the app starts.</summary>
    public CallaroApplication WithSetting(string key, string? value)
    {
        EnsureNotStarted();
        _settings[key] = value;
        return this;
    }

    /// <summary>Replaces services (e.g. a fake clock), after the app's own registrations. Call before the app starts.</summary>
    public CallaroApplication WithServices(Action<IServiceCollection> configure)
    {
        EnsureNotStarted();
        _services.Add(configure);
        return this;
    }

    /// <summary>Lets the host fire the blob triggers for new blobs, scanning every <paramref name="scanInterval"/>.</summary>
    public CallaroApplication WithBlobTriggers(TimeSpan scanInterval)
    {
        EnsureNotStarted();
        _blobScanInterval = scanInterval;
        return this;
    }

    /// <summary>
    /// Starts the app without provisioning its tables and containers first: for storage that is unreachable or not
    /// there, or to see what a request finds before anything was provisioned. Call before the app starts.
    /// </summary>
    public CallaroApplication WithoutProvisioning()
    {
        EnsureNotStarted();
        _provision = false;
        return this;
    }

    public HttpClient CreateAnonymousClient() => CreateDefaultClient();

    public HttpClient CreateReaderClient() => CreateClientWithKey(ReaderKey);

    public HttpClient CreateAdminClient() => CreateClientWithKey(AdminKey);

    public HttpClient CreateNoTelephonyClient() => CreateClientWithKey(NoTelephonyKey);

    public HttpClient CreateOtherWorkspaceClient() => CreateClientWithKey(OtherWorkspaceKey);

    /// <summary>A client that sends <paramref name="key"/> as <c>Authorization: Bearer</c>.</summary>
    public HttpClient CreateClientWithKey(string key)
    {
        var client = CreateDefaultClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A client of the host's address that neither follows redirects nor keeps cookies, so tests see both.</summary>
    public HttpClient CreateDefaultClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Host.BaseAddress };

    /// <summary>Provisions this test's tables and containers and starts the app, if it has not started yet.</summary>
    /// <exception cref="Exception">The app failed to start: the worker's own start-up exception.</exception>
    public IServiceProvider Start()
    {
        if (_worker is null)
        {
            // Off the test's synchronization context: the host's continuations must not wait for a blocked test thread.
            Task.Run(StartAsync).GetAwaiter().GetResult();
        }

        return _worker!.Services;
    }

    public async Task StartAsync()
    {
        await _starting.WaitAsync();
        try
        {
            if (_worker is not null)
            {
                return;
            }

            UseThisBuildAsTheAppDirectory();
            WatchTheAppsContainers();
            var workerStarted = new TaskCompletionSource<IHost>(TaskCreationOptions.RunContinuationsAsynchronously);
            var hostStart = LocalFunctionsHost.StartAsync(new LocalFunctionsHostOptions
            {
                AppDirectory = AppContext.BaseDirectory,
                Port = 0,
                Settings = HostSettings(),
                BlobScanInterval = _blobScanInterval,
                BlobRetryDelay = TimeSpan.FromMilliseconds(100),
                ShutdownGracePeriod = TimeSpan.FromMilliseconds(50),
                ConfigureWorkerProcess = start => RunWorkerInProcess(start, workerStarted),
            });

            // A worker that fails to start never connects: its exception is the answer, not the host's timeout.
            if (await Task.WhenAny(hostStart, workerStarted.Task) == workerStarted.Task && workerStarted.Task.IsFaulted)
            {
                _ = hostStart.ContinueWith(t => t.Result.DisposeAsync(), TaskContinuationOptions.OnlyOnRanToCompletion);
                await workerStarted.Task;
            }

            _host = await hostStart;
            _worker = await workerStarted.Task;
        }
        finally
        {
            _starting.Release();
        }
    }

    public void Dispose() => Task.Run(() => DisposeAsync().AsTask()).GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.StopAsync(TimeSpan.FromSeconds(5));
            _worker.Dispose();
            _worker = null;
        }

        _relay?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
            _host = null;
        }
    }

    // The worker finds its functions' assembly and host.json in the Functions app directory: for an in-process
    // worker, that is this test build (host.json and worker.config.json are copied here at build time). It finds
    // the code the worker SDK generated (function metadata, extension start-up) on the entry assembly, which in a
    // test process is the test host's unless told otherwise.
    private static void UseThisBuildAsTheAppDirectory()
    {
        lock (ProcessEnvironment)
        {
            System.Reflection.Assembly.SetEntryAssembly(typeof(CallaroFunctionsApp).Assembly);
            Environment.SetEnvironmentVariable("FUNCTIONS_APPLICATION_DIRECTORY", AppContext.BaseDirectory);
            Environment.SetEnvironmentVariable("FUNCTIONS_WORKER_DIRECTORY", AppContext.BaseDirectory);
        }
    }

    // The triggers watch the containers the app uses (with its name prefix), unless a test says otherwise.
    private void WatchTheAppsContainers()
    {
        var names = new StorageNames(_settings["Callaro:Storage:NamePrefix"] ?? "");
        _settings.TryAdd(BlobTriggerContainers.RecordingsSetting, names.RecordingsContainer);
        _settings.TryAdd(BlobTriggerContainers.TranscriptsSetting, names.TranscriptsContainer);
    }

    private void RunWorkerInProcess(ProcessStartInfo start, TaskCompletionSource<IHost> started)
    {
        var arguments = start.ArgumentList.ToList();
        start.FileName = "tail";
        start.ArgumentList.Clear();
        foreach (var argument in new[] { "-f", "/dev/null", "--pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        _ = Task.Run(async () =>
        {
            try
            {
                started.TrySetResult(await StartWorkerAsync(arguments));
            }
            catch (Exception e)
            {
                started.TrySetException(e);
            }
        });
    }

    private async Task<IHost> StartWorkerAsync(IReadOnlyList<string> hostArguments)
    {
        var builder = CallaroFunctionsApp.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(_settings);
        var connection = WorkerConnection(hostArguments);
        _relay = new LoopbackRelay(new Uri(connection["Functions:Worker:HostEndpoint"]!));
        connection["Functions:Worker:HostEndpoint"] = _relay.Address.ToString();
        builder.Configuration.AddInMemoryCollection(connection);
        builder.Logging.AddProvider(new CapturingLoggerProvider(Logs));

        // The worker's HTTP port is chosen once per process by the ASP.NET Core extension; each app here needs its own.
        var port = FreePort();
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.Configure<WorkerOptions>(worker => worker.Capabilities["HttpUri"] = $"http://127.0.0.1:{port}/");
        foreach (var configure in _services)
        {
            configure(builder.Services);
        }

        var worker = builder.Build();
        try
        {
            await worker.StartAsync();
            await ProvisionTestStorageAsync(worker.Services);
            return worker;
        }
        catch
        {
            worker.Dispose();
            throw;
        }
    }

    // The app provisions nothing when it starts; as ./run.sh does, the test provisions before it sends anything (after
    // the start, so a configuration problem still surfaces as the start's own failure).
    private async Task ProvisionTestStorageAsync(IServiceProvider services)
    {
        if (_provision)
        {
            await services.GetRequiredService<StorageProvisioner>().ProvisionAsync();
        }
    }

    // The command-line switches the Functions host passes to a worker, as the worker's configuration keys.
    private static Dictionary<string, string?> WorkerConnection(IReadOnlyList<string> arguments)
    {
        var keys = new Dictionary<string, string>
        {
            ["--functions-uri"] = "Functions:Worker:HostEndpoint",
            ["--functions-worker-id"] = "Functions:Worker:WorkerId",
            ["--functions-request-id"] = "Functions:Worker:RequestId",
            ["--functions-grpc-max-message-length"] = "Functions:Worker:GrpcMaxMessageLength",
        };
        var configuration = new Dictionary<string, string?>();
        for (var i = 0; i + 1 < arguments.Count; i++)
        {
            if (keys.TryGetValue(arguments[i], out var key))
            {
                configuration[key] = arguments[++i];
            }
        }

        return configuration;
    }

    // What the host needs to fire triggers: its own storage, the blob connection and the binding expressions' values.
    private Dictionary<string, string?> HostSettings() => new()
    {
        ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
        ["AzureWebJobsStorage"] = StorageConnectionString,
        ["AzureFunctionsWebHost__hostid"] = Prefix,
        [AttachmentTriggers.Connection] = _settings[AttachmentTriggers.Connection],
        [BlobTriggerContainers.RecordingsSetting] = _settings[BlobTriggerContainers.RecordingsSetting],
        [BlobTriggerContainers.TranscriptsSetting] = _settings[BlobTriggerContainers.TranscriptsSetting],
        ["HealthReportSchedule"] = _settings["HealthReportSchedule"],
    };

    private static int FreePort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    /// <summary>One more access key with these roles and workspaces. Call before the app starts.</summary>
    public CallaroApplication WithKey(string name, string key, string[] roles, string[] workspaces)
    {
        EnsureNotStarted();
        var prefix = $"Callaro:Access:Keys:{_keys++}";
        _settings[$"{prefix}:Name"] = name;
        _settings[$"{prefix}:Sha256"] = AccessKeyHash.ToHex(key);
        for (var i = 0; i < roles.Length; i++)
        {
            _settings[$"{prefix}:Roles:{i}"] = roles[i];
        }

        for (var i = 0; i < workspaces.Length; i++)
        {
            _settings[$"{prefix}:Workspaces:{i}"] = workspaces[i];
        }

        return this;
    }

    private void EnsureNotStarted()
    {
        if (_worker is not null)
        {
            throw new InvalidOperationException("The app has already started; configure it before the first request.");
        }
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, sink);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
