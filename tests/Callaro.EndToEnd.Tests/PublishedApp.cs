using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Callaro.Core;
using Callaro.FunctionsHost;

namespace Callaro.EndToEnd.Tests;

/// <summary>
/// The build that ships — <c>dotnet publish -c Release -r linux-x64</c>, as the pipeline publishes it, folder in
/// <c>CALLARO_TEST_APP</c> (./test.sh publishes it) — running as its own worker process under the local Functions
/// host, against the Azurite of ./test.sh with its own table and container prefix. Tests reach it only as its users
/// do: over HTTP, through storage (blobs dropped into its containers) and through the host's admin API.
/// </summary>
public sealed class PublishedApp : IAsyncDisposable
{
    public const string AppVariable = "CALLARO_TEST_APP";
    public const string StorageVariable = "CALLARO_TEST_STORAGE";

    public const string WebhookSigningSecret = "e2e-webhook-signing-secret";
    public const string TwilioAuthToken = "e2e-twilio-auth-token";
    public const string VonageSignatureSecret = "e2e-vonage-signature-secret";

    private readonly LocalFunctionsHost _host;

    private PublishedApp(LocalFunctionsHost host, StorageNames names, ConcurrentQueue<HostLogEntry> logs)
    {
        _host = host;
        Names = names;
        Logs = logs;
    }

    /// <summary>Where the host serves the app, without a trailing slash.</summary>
    public string BaseUrl => _host.BaseAddress.ToString().TrimEnd('/');

    public LocalFunctionsHost Host => _host;

    public StorageNames Names { get; }

    /// <summary>Everything the host and the worker logged.</summary>
    public ConcurrentQueue<HostLogEntry> Logs { get; }

    public TableServiceClient Tables { get; } = new(StorageConnectionString);

    public BlobServiceClient Blobs { get; } = new(StorageConnectionString);

    /// <summary>The published app's folder.</summary>
    public static string AppDirectory =>
        Environment.GetEnvironmentVariable(AppVariable) is { Length: > 0 } folder && File.Exists(Path.Combine(folder, "functions.metadata"))
            ? folder
            : throw new InvalidOperationException(
                $"{AppVariable} does not name a published app. Run the tests with ./test.sh, which publishes src/Callaro.Functions " +
                $"(Release, linux-x64) and sets {AppVariable}, or publish it yourself and point {AppVariable} at the folder.");

    public static string StorageConnectionString =>
        Environment.GetEnvironmentVariable(StorageVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{StorageVariable} is not set: run ./test.sh, which starts Azurite and sets it.");

    /// <summary>SHA-256 of an access key in hex, as the app's key settings take it.</summary>
    public static string KeyHash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>
    /// Provisions the test's tables and containers with the published app's <c>provision</c> verb (as ./run.sh does),
    /// then starts the host and the published worker with the test's access keys (name, key, role, workspace) and any
    /// further app settings.
    /// </summary>
    public static async Task<PublishedApp> StartAsync(
        IEnumerable<(string Name, string Key, string Role, string Workspace)> keys, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var names = new StorageNames("e" + Guid.NewGuid().ToString("N")[..8]);
        var connection = StorageConnectionString;
        var all = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connection,
            ["AzureFunctionsWebHost__hostid"] = names.Prefix,
            ["CallaroStorage"] = connection,
            ["CallaroRecordingsContainer"] = names.RecordingsContainer,
            ["CallaroTranscriptsContainer"] = names.TranscriptsContainer,
            // Never due while a test runs; tests run the timer through the admin API.
            ["HealthReportSchedule"] = "0 0 0 1 1 *",
            ["Callaro__Storage__ConnectionString"] = connection,
            ["Callaro__Storage__NamePrefix"] = names.Prefix,
            ["Callaro__Webhooks__SigningSecret"] = WebhookSigningSecret,
            ["Callaro__Twilio__AuthToken"] = TwilioAuthToken,
            ["Callaro__Vonage__SignatureSecret"] = VonageSignatureSecret,
            ["Callaro__PublicBaseUrl"] = "http://127.0.0.1",
        };
        var i = 0;
        foreach (var (name, key, role, workspace) in keys)
        {
            all[$"Callaro__Access__Keys__{i}__Name"] = name;
            all[$"Callaro__Access__Keys__{i}__Sha256"] = KeyHash(key);
            all[$"Callaro__Access__Keys__{i}__Roles__0"] = role;
            all[$"Callaro__Access__Keys__{i}__Workspaces__0"] = workspace;
            i++;
        }

        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            all[name] = value;
        }

        await ProvisionAsync(all);
        var logs = new ConcurrentQueue<HostLogEntry>();
        var host = await LocalFunctionsHost.StartAsync(new LocalFunctionsHostOptions
        {
            AppDirectory = AppDirectory,
            Port = 0,
            Settings = all,
            LogSink = logs.Enqueue,
            BlobScanInterval = TimeSpan.FromMilliseconds(250),
            BlobRetryDelay = TimeSpan.FromMilliseconds(200),
        });
        return new PublishedApp(host, names, logs);
    }

    private static async Task ProvisionAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppDirectory, "Callaro.Functions.dll"));
        start.ArgumentList.Add("provision");
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'Callaro.Functions provision' exited {process.ExitCode}: {await output}{await errors}");
        }
    }

    /// <summary>A client of the app that neither follows redirects nor keeps cookies, so tests see both.</summary>
    public HttpClient CreateClient(string? key = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _host.BaseAddress };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        }

        return client;
    }

    /// <summary>
    /// Writes a day's health report through the admin API as an operator's script would: a 503 asks to come back after
    /// its Retry-After (a cold worker on a busy machine can run past the request budget), so it is retried a few times.
    /// </summary>
    public async Task RunHealthReportAsync(string adminKey, string day, string workspace = "default")
    {
        using var admin = CreateClient(adminKey);
        for (var attempt = 1; ; attempt++)
        {
            using var run = await admin.PostAsync($"/api/reports/health/run?date={day}&workspace={workspace}", null);
            if (run.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            var body = await run.Content.ReadAsStringAsync();
            if (run.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 3 || run.Headers.RetryAfter?.Delta is not { } wait)
            {
                throw new InvalidOperationException($"The report run for {day} answered {(int)run.StatusCode}: {body}");
            }

            await Task.Delay(wait);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        foreach (var table in Names.Tables)
        {
            await Tables.GetTableClient(table).DeleteAsync();
        }

        foreach (var container in Names.Containers)
        {
            await Blobs.GetBlobContainerClient(container).DeleteIfExistsAsync();
        }
    }
}
