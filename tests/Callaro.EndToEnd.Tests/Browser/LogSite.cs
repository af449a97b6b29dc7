using Azure.Data.Tables;
using Callaro.Core;
using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Core.Workspaces;

namespace Callaro.EndToEnd.Tests.Browser;

/// <summary>
/// The published app with one reader key, its call log seeded once per test class through the ingestor, as
/// webhooks store calls. A test class derives from it, says what to seed, and takes it as a class fixture.
/// </summary>
public abstract class LogSite : IAsyncLifetime
{
    public const string ReaderKey = "browser-reader-key-41d7";
    public static readonly DateOnly Day = new(2026, 3, 10);
    public static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);

    private PublishedApp? _app;

    public PublishedApp App => _app ?? throw new InvalidOperationException("The site has not started.");

    public string BaseUrl => App.BaseUrl;

    protected abstract Task SeedAsync(SiteSeeder log);

    public async Task InitializeAsync()
    {
        _app = await PublishedApp.StartAsync([("browser reader", ReaderKey, "telephony", "default")]);
        await SeedAsync(new SiteSeeder(
            new CallIngestor(_app.Tables, _app.Names, new FixedTimeZoneSource(TimeZoneInfo.Utc)), _app.Tables.GetTableClient(_app.Names.CallsTable)));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

/// <summary>Stores calls through the ingestor, as the webhooks do.</summary>
public sealed class SiteSeeder(CallIngestor ingestor, TableClient calls)
{
    private int _events;

    /// <summary>
    /// Writes a log row and alert row as stored rows look, for values the ingestor would refuse (it rejects
    /// '/' in numbers): the pages must stay safe whatever storage holds.
    /// </summary>
    public async Task RawAlertRowAsync(DateTimeOffset startedAt, string caller)
    {
        var callId = $"raw-{startedAt:HHmmss}";
        var pk = CallTableKeys.DatePartition("default", startedAt, TimeZoneInfo.Utc);
        foreach (var rk in new[] { CallTableKeys.LogRowKey(startedAt, callId), CallTableKeys.AlertRowKey(startedAt, callId) })
            await calls.UpsertEntityAsync(new TableEntity(pk, rk)
            {
                ["CallId"] = callId, ["WorkspaceId"] = "default", ["Direction"] = "incoming", ["Caller"] = caller, ["Callee"] = "+4930555",
                ["Status"] = "missed", ["Alert"] = true, ["DurationSeconds"] = 0, ["StartedAt"] = startedAt,
            });
    }

    public async Task<string> CallAsync(DateTimeOffset startedAt, CallStatus status, string caller, string callee = "+4930555", string? dealId = null, bool recording = false)
    {
        var callId = $"call-{startedAt:HHmmss}-{Interlocked.Increment(ref _events)}";
        CallEvent Event(CallEventType type, DateTimeOffset at) => new()
        {
            EventId = $"{callId}-{type}", Type = type, OccurredAt = at, CallId = callId, Source = "callaro", ReceivedAt = at,
            Direction = CallDirection.Incoming, Caller = caller, Callee = callee, StartedAt = startedAt, DealId = dealId,
            AnsweredAt = status == CallStatus.Completed ? startedAt.AddSeconds(5) : null,
            EndedAt = startedAt.AddSeconds(100),
            DurationSeconds = status == CallStatus.Completed ? 95 : null,
            Recording = type == CallEventType.RecordingCompleted ? new ProviderRecording("RE" + callId, null, 95, 1) : null,
        };
        var events = new List<CallEvent>
        {
            Event(CallEventType.Ringing, startedAt),
            Event(status switch { CallStatus.Missed => CallEventType.Missed, CallStatus.Failed => CallEventType.Failed, _ => CallEventType.Completed }, startedAt.AddSeconds(100)),
        };
        if (recording) events.Add(Event(CallEventType.RecordingCompleted, startedAt.AddSeconds(120)));
        await ingestor.IngestAsync(events);
        return callId;
    }
}
