using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Callaro.FunctionsHost.Configuration;
using Callaro.FunctionsHost.Rpc;
using Callaro.FunctionsHost.Storage;
using Callaro.FunctionsHost.Worker;
using Microsoft.Extensions.Logging;

namespace Callaro.FunctionsHost.Timers;

/// <summary>
/// Fires one timer function on its schedule. Like the Functions host it keeps the schedule status (last and
/// next occurrence) in <c>azure-webjobs-hosts</c>, so a start after a missed occurrence runs at once with
/// <c>IsPastDue</c>; runs of one timer never overlap.
/// </summary>
internal sealed class TimerTrigger
{
    private static readonly JsonSerializerOptions StatusJson = new() { PropertyNamingPolicy = null };
    private readonly HostedFunction _function;
    private readonly HostStorage _storage;
    private readonly FunctionInvoker _invoker;
    private readonly ILogger _log;
    private readonly TimerSchedule _schedule;
    private readonly bool _runOnStartup;
    private readonly bool _useMonitor;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <exception cref="InvalidOperationException">The schedule is missing or invalid.</exception>
    public TimerTrigger(HostedFunction function, AppSettings settings, HostStorage storage, FunctionInvoker invoker, ILogger log)
    {
        _function = function;
        _storage = storage;
        _invoker = invoker;
        _log = log;
        var expression = settings.Resolve(function.TriggerText("schedule")
            ?? throw new InvalidOperationException($"Timer function '{function.Name}' has no schedule."));
        try
        {
            _schedule = TimerSchedule.Parse(expression);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"Timer function '{function.Name}': {e.Message}", e);
        }

        _runOnStartup = function.TriggerFlag("runOnStartup");
        _useMonitor = !function.Trigger.TryGetProperty("useMonitor", out var monitor) || monitor.ValueKind != JsonValueKind.False;
    }

    public string FunctionName => _function.Name;

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            var status = _useMonitor ? await ReadStatusAsync(stopping) : null;
            if (status is not null && FollowsSchedule(status) && status.Next < DateTime.UtcNow)
            {
                status = await FireAsync(status.Next, isPastDue: true, status, stopping);
            }
            else if (_runOnStartup)
            {
                status = await FireAsync(DateTime.UtcNow, isPastDue: false, status, stopping);
            }
            else if (_useMonitor && (status is null || !FollowsSchedule(status)))
            {
                // Recorded before the first wait, so a host that stops before then still knows on restart that a
                // run was missed. A status the schedule does not produce means the schedule changed: start afresh.
                var now = DateTime.UtcNow;
                status = new ScheduleStatus(default, _schedule.NextAfter(now), now);
                await WriteStatusAsync(status, stopping);
            }

            while (!stopping.IsCancellationRequested)
            {
                var next = _schedule.NextAfter(DateTime.UtcNow);
                await DelayUntilAsync(next, stopping);
                status = await FireAsync(next, isPastDue: false, status, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is RequestFailedException or InvalidOperationException)
        {
            _log.LogError(e, "The timer of function '{Function}' stopped: {Message}", _function.Name, e.Message);
        }
    }

    /// <summary>Runs the function now (admin API), waiting for a scheduled run that is in progress.</summary>
    public async Task InvokeNowAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            await _invoker.InvokeAsync(_function, Input("This function was programmatically called via the host APIs.", isPastDue: false, null), cancellationToken);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<ScheduleStatus?> FireAsync(DateTime occurrence, bool isPastDue, ScheduleStatus? status, CancellationToken stopping)
    {
        await _oneAtATime.WaitAsync(stopping);
        try
        {
            var reason = $"Timer fired at {DateTime.UtcNow:O}";
            var current = status ?? new ScheduleStatus(default, occurrence, DateTime.UtcNow);
            await _invoker.InvokeAsync(_function, Input(reason, isPastDue, _useMonitor ? current : null), stopping);
            if (!_useMonitor)
            {
                return null;
            }

            var updated = new ScheduleStatus(occurrence, _schedule.NextAfter(occurrence), DateTime.UtcNow);
            await WriteStatusAsync(updated, stopping);
            return updated;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private InvocationInput Input(string reason, bool isPastDue, ScheduleStatus? status)
    {
        var timerInfo = JsonSerializer.Serialize(new TimerInfoPayload(new SchedulePayload(true), status, isPastDue), StatusJson);
        return new InvocationInput(reason, new TypedData { Json = timerInfo }, new Dictionary<string, TypedData>());
    }

    // The Functions host's rule: the stored next occurrence must follow from the last one (or, before any run,
    // from when the status was written); otherwise the schedule changed since, and nothing was missed.
    private bool FollowsSchedule(ScheduleStatus status) =>
        _schedule.NextAfter(status.Last != default ? status.Last : status.LastUpdated) == status.Next;

    private static async Task DelayUntilAsync(DateTime dueUtc, CancellationToken stopping)
    {
        // Task.Delay takes at most ~49 days, and sleeping in shorter steps keeps a suspended laptop honest.
        while (DateTime.UtcNow < dueUtc)
        {
            var remaining = dueUtc - DateTime.UtcNow;
            await Task.Delay(remaining > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : remaining, stopping);
        }
    }

    private BlobClient StatusBlob(BlobContainerClient container) =>
        container.GetBlobClient($"timers/{_storage.HostId}/{_function.FullName}/status");

    private async Task<ScheduleStatus?> ReadStatusAsync(CancellationToken cancellationToken)
    {
        var blob = StatusBlob(await _storage.HostContainerAsync(cancellationToken));
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<ScheduleStatus>(StatusJson);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (JsonException)
        {
            _log.LogWarning("The stored schedule status of '{Function}' is unreadable; starting afresh.", _function.Name);
            return null;
        }
    }

    private async Task WriteStatusAsync(ScheduleStatus status, CancellationToken cancellationToken)
    {
        var blob = StatusBlob(await _storage.HostContainerAsync(cancellationToken));
        await blob.UploadAsync(BinaryData.FromObjectAsJson(status, StatusJson), overwrite: true, cancellationToken);
    }

    /// <summary>The status blob's shape (and TimerInfo.ScheduleStatus's): UTC times.</summary>
    internal sealed record ScheduleStatus(DateTime Last, DateTime Next, DateTime LastUpdated);

    private sealed record SchedulePayload(bool AdjustForDST);

    private sealed record TimerInfoPayload(SchedulePayload Schedule, ScheduleStatus? ScheduleStatus, bool IsPastDue);
}
