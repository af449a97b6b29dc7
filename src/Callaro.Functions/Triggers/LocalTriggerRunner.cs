using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Callaro.Core;
using Callaro.Functions.Configuration;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using NCrontab;

namespace Callaro.Functions.Triggers;

/// <summary>Settings of the local trigger runner (<c>Callaro:LocalTriggers</c>).</summary>
public sealed class LocalTriggerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Callaro:LocalTriggers";

    /// <summary>Set false to never run local triggers (e.g. an API-only instance beside another that runs them).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often containers are listed.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Where the function folders are; default: <c>{content root}/Functions</c>, else the app folder (published layout).</summary>
    public string? FunctionsPath { get; set; }

    /// <summary>The app's own address; default: the first address the server listens on.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Attempts per blob version before it is given up (the host's poison threshold is 5).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Blobs larger than this are sent without content (the endpoints then read only what they need from storage).</summary>
    public long MaxContentBytes { get; set; } = 32L * 1024 * 1024;
}

/// <summary>
/// Stands in for the Functions host when the app runs on its own (<c>./run.sh</c>): fires the blob-trigger
/// functions for new blob versions and the timer functions on their schedule, by POSTing the host's payload
/// to the app's own invocation endpoints over loopback — the same code path as on Azure.
/// </summary>
internal sealed class LocalTriggerRunner(
    IOptions<LocalTriggerOptions> options,
    IConfiguration configuration,
    IHttpClientFactory httpClients,
    IServer server,
    IHostApplicationLifetime lifetime,
    BlobServiceClient blobs,
    StorageNames names,
    TriggerReceipts receipts,
    TimeProvider clock,
    ILogger<LocalTriggerRunner> logger) : BackgroundService
{
    public const string HttpClientName = "Callaro.LocalTriggers";

    private readonly Dictionary<(string Container, string Blob, string ETag), int> _failures = [];

    /// <summary>Only without the Functions host (it fires triggers itself), and unless switched off.</summary>
    internal static bool IsActive(IConfiguration configuration, LocalTriggerOptions options) =>
        string.IsNullOrWhiteSpace(configuration["FUNCTIONS_CUSTOMHANDLER_PORT"]) && options.Enabled;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!IsActive(configuration, options.Value)) return;

        // Invocations go to our own endpoints, which exist only once the server has started.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try { await started.Task; } catch (OperationCanceledException) { return; }
        }

        var root = FunctionsRoot();
        var definitions = FunctionDefinitions.Load(root, BlobTriggerContainers.WithDefaults(configuration, names));
        foreach (var problem in definitions.Problems) logger.LogWarning("Local triggers: {Problem}", problem);
        logger.LogInformation("Local triggers from {Root}: blobs {Blobs}; timers {Timers}", root,
            string.Join(", ", definitions.Blobs.Select(b => $"{b.FunctionName} <- {b.Container}")),
            string.Join(", ", definitions.Timers.Select(t => $"{t.FunctionName} @ {t.Schedule}")));

        var tasks = definitions.Timers.Select(t => RunTimerAsync(t, stoppingToken)).ToList();
        if (definitions.Blobs.Count > 0) tasks.Add(PollBlobsAsync(definitions.Blobs, stoppingToken));
        await Task.WhenAll(tasks);
    }

    // The build and publish outputs both hold one folder per function next to the executable.
    private string FunctionsRoot() =>
        options.Value.FunctionsPath is { Length: > 0 } configured ? configured : AppContext.BaseDirectory;

    // ------------------------------------------------------------------ blobs

    private async Task PollBlobsAsync(IReadOnlyList<BlobTriggerDefinition> triggers, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        do
        {
            foreach (var trigger in triggers)
            {
                try
                {
                    await PollContainerAsync(trigger, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Local triggers: polling {Container} for {Function} failed ({Message}); retrying on the next poll.",
                        trigger.Container, trigger.FunctionName, e.Message);
                }
            }
        }
        while (await NextTickAsync(timer, stoppingToken));
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try { return await timer.WaitForNextTickAsync(stoppingToken); }
        catch (OperationCanceledException) { return false; }
    }

    private async Task PollContainerAsync(BlobTriggerDefinition trigger, CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient(trigger.Container);
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken))
        {
            var etag = item.Properties.ETag?.ToString().Trim('"') ?? "";
            if (await receipts.HasFiredAsync(container.Name, item.Name, etag, cancellationToken)) continue;
            await FireBlobAsync(trigger, container, item, etag, cancellationToken);
        }
    }

    private async Task FireBlobAsync(BlobTriggerDefinition trigger, BlobContainerClient container, BlobItem item, string etag, CancellationToken cancellationToken)
    {
        var key = (container.Name, item.Name, etag);
        try
        {
            var payload = await BlobPayloadAsync(trigger, container, item, cancellationToken);
            await InvokeAsync(trigger.FunctionName, payload, cancellationToken);
            await receipts.RecordAsync(container.Name, item.Name, etag, "succeeded", cancellationToken);
            _failures.Remove(key);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var attempts = _failures[key] = _failures.GetValueOrDefault(key) + 1;
            if (attempts < options.Value.MaxAttempts)
            {
                logger.LogWarning("Local triggers: {Function} for {Container}/{Blob} failed (attempt {Attempt} of {Max}): {Message}. Retrying on the next poll.",
                    trigger.FunctionName, container.Name, item.Name, attempts, options.Value.MaxAttempts, e.Message);
                return;
            }
            // Like the host's poison queue: stop retrying this version, say so loudly, fire again for a new version.
            logger.LogError("Local triggers: {Function} for {Container}/{Blob} failed {Max} times; giving up on this version ({Message}). Upload it again to retry.",
                trigger.FunctionName, container.Name, item.Name, attempts, e.Message);
            _failures.Remove(key);
            await receipts.RecordAsync(container.Name, item.Name, etag, "poisoned: " + e.Message, cancellationToken);
        }
    }

    private async Task<JsonObject> BlobPayloadAsync(BlobTriggerDefinition trigger, BlobContainerClient container, BlobItem item, CancellationToken cancellationToken)
    {
        var blob = container.GetBlobClient(item.Name);
        var data = new JsonObject();
        if (item.Properties.ContentLength <= options.Value.MaxContentBytes)
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            data[trigger.BindingName] = Convert.ToBase64String(content.Value.Content.ToMemory().Span);
        }

        var userMetadata = new JsonObject();
        foreach (var (name, value) in item.Metadata) userMetadata[name] = value;
        return new JsonObject
        {
            ["Data"] = data,
            ["Metadata"] = new JsonObject
            {
                ["name"] = item.Name,
                ["BlobTrigger"] = $"{container.Name}/{item.Name}",
                ["Uri"] = blob.Uri.ToString(),
                ["Properties"] = new JsonObject
                {
                    ["ContentLength"] = item.Properties.ContentLength,
                    ["ContentType"] = item.Properties.ContentType,
                    ["ETag"] = item.Properties.ETag?.ToString(),
                    ["LastModified"] = item.Properties.LastModified?.ToString("O", CultureInfo.InvariantCulture),
                    ["CreatedOn"] = item.Properties.CreatedOn?.ToString("O", CultureInfo.InvariantCulture),
                },
                ["Metadata"] = userMetadata,
                ["sys"] = Sys(trigger.FunctionName),
            },
        };
    }

    // ------------------------------------------------------------------ timers

    private async Task RunTimerAsync(TimerTriggerDefinition trigger, CancellationToken stoppingToken)
    {
        if (!TryNextOccurrence(trigger.Schedule, clock.GetUtcNow(), out _, out var problem))
        {
            logger.LogError("Local triggers: {Function} has an unusable schedule '{Schedule}' ({Problem}); it will not fire.", trigger.FunctionName, trigger.Schedule, problem);
            return;
        }

        DateTimeOffset? last = null;
        if (trigger.RunOnStartup) last = await FireTimerAsync(trigger, last, clock.GetUtcNow(), stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            TryNextOccurrence(trigger.Schedule, clock.GetUtcNow(), out var due, out _);
            var wait = due - clock.GetUtcNow();
            try
            {
                if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException) { return; }
            last = await FireTimerAsync(trigger, last, due, stoppingToken);
        }
    }

    private async Task<DateTimeOffset> FireTimerAsync(TimerTriggerDefinition trigger, DateTimeOffset? last, DateTimeOffset due, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        TryNextOccurrence(trigger.Schedule, now, out var next, out _);
        var payload = new JsonObject
        {
            ["Data"] = new JsonObject
            {
                [trigger.BindingName] = new JsonObject
                {
                    ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
                    ["ScheduleStatus"] = new JsonObject
                    {
                        ["Last"] = (last ?? DateTimeOffset.MinValue).ToString("O", CultureInfo.InvariantCulture),
                        ["Next"] = next.ToString("O", CultureInfo.InvariantCulture),
                        ["LastUpdated"] = now.ToString("O", CultureInfo.InvariantCulture),
                    },
                    // The host calls a timer past due when it fires well after its time (e.g. after downtime).
                    ["IsPastDue"] = now - due > TimeSpan.FromSeconds(30),
                },
            },
            ["Metadata"] = new JsonObject { ["sys"] = Sys(trigger.FunctionName) },
        };
        try
        {
            await InvokeAsync(trigger.FunctionName, payload, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The host does not retry a failed timer either; the next occurrence runs as scheduled.
            logger.LogError("Local triggers: timer {Function} failed: {Message}", trigger.FunctionName, e.Message);
        }
        return now;
    }

    /// <summary>The next occurrence after <paramref name="after"/> of a 6-field NCRONTAB expression (as the host reads them) or a TimeSpan interval.</summary>
    internal static bool TryNextOccurrence(string schedule, DateTimeOffset after, out DateTimeOffset next, out string? problem)
    {
        problem = null;
        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields == 6 && CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is { } cron)
        {
            // Schedules are in UTC unless WEBSITE_TIME_ZONE says otherwise; the local runner keeps UTC.
            next = new DateTimeOffset(cron.GetNextOccurrence(after.UtcDateTime), TimeSpan.Zero);
            return true;
        }
        if (fields == 1 && TimeSpan.TryParse(schedule, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero)
        {
            next = after + interval;
            return true;
        }
        next = default;
        problem = fields == 6 ? "not a valid NCRONTAB expression" : "expected 6 fields '{second} {minute} {hour} {day} {month} {day-of-week}' or a TimeSpan";
        return false;
    }

    // ------------------------------------------------------------------ invoking

    private static JsonObject Sys(string functionName) => new()
    {
        ["MethodName"] = functionName,
        ["UtcNow"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["RandGuid"] = Guid.NewGuid().ToString(),
    };

    private async Task InvokeAsync(string functionName, JsonObject payload, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(HttpClientName);
        client.BaseAddress ??= BaseAddress();
        using var content = new StringContent(payload.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(functionName, content, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvocationFailedException($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");

        // Echo the function's log lines, as the host writes them to its log.
        using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        if (body.RootElement.TryGetProperty("Logs", out var logs) && logs.ValueKind == JsonValueKind.Array)
            foreach (var line in logs.EnumerateArray()) logger.LogInformation("{Function}: {Line}", functionName, line.GetString());
    }

    private Uri BaseAddress()
    {
        if (options.Value.BaseUrl is { Length: > 0 } configured) return new Uri(configured.TrimEnd('/') + "/");
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost";
        // A wildcard listen address is not somewhere to send a request; loopback is.
        address = address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://[::1]", StringComparison.Ordinal);
        return new Uri(address.TrimEnd('/') + "/");
    }

    private sealed class InvocationFailedException(string message) : Exception(message);
}
