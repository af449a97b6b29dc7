using Callaro.Core;
using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Core.Workspaces;
using Callaro.Functions.Access;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Callaro.Browser.Tests;

/// <summary>
/// The real app (its Program, access keys, middleware and storage) on Kestrel on a free port, against
/// Azurite with a unique table prefix, seeded through the ingestor as webhooks store calls.
/// </summary>
public sealed class LogSite : IAsyncDisposable
{
    public const string ReaderKey = "browser-reader-key-41d7";
    public static readonly DateOnly Day = new(2026, 3, 10);
    public static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);

    private readonly App _app;
    public string BaseUrl { get; }

    private LogSite(App app, string baseUrl) { _app = app; BaseUrl = baseUrl; }

    public static async Task<LogSite> StartAsync(Func<SiteSeeder, Task> seed)
    {
        var connection = Environment.GetEnvironmentVariable("CALLARO_TEST_STORAGE")
            ?? throw new InvalidOperationException("CALLARO_TEST_STORAGE is not set: run ./test.sh, which starts Azurite and sets it.");
        var names = new StorageNames("b" + Guid.NewGuid().ToString("N")[..8]);

        var app = await App.StartAsync(connection, names);

        var service = app.Services.GetRequiredService<TableServiceClient>();
        await seed(new SiteSeeder(new CallIngestor(service, names, new FixedTimeZoneSource(TimeZoneInfo.Utc)), service.GetTableClient(names.CallsTable)));
        return new LogSite(app, app.BaseUrl);
    }

    public async ValueTask DisposeAsync()
    {
        var service = _app.Services.GetRequiredService<TableServiceClient>();
        foreach (var table in _app.Names.Tables) await service.GetTableClient(table).DeleteAsync();
        await _app.DisposeAsync();
    }

    private sealed class App(string connection, StorageNames names) : WebApplicationFactory<Program>
    {
        public StorageNames Names => names;
        public string BaseUrl { get; private set; } = "";

        public static Task<App> StartAsync(string connection, StorageNames names)
        {
            var app = new App(connection, names);
            app.UseKestrel(0);
            app.StartServer();
            app.BaseUrl = app.ClientOptions.BaseAddress.ToString().TrimEnd('/');
            return Task.FromResult(app);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Callaro:Storage:ConnectionString"] = connection,
                ["Callaro:Storage:NamePrefix"] = names.Prefix,
                ["Callaro:Webhooks:SigningSecret"] = "browser-test-signing-secret",
                ["Callaro:Twilio:AuthToken"] = "browser-test-twilio",
                ["Callaro:Vonage:SignatureSecret"] = "browser-test-vonage",
                ["Callaro:PublicBaseUrl"] = "http://127.0.0.1",
                ["Callaro:Access:Keys:0:Name"] = "browser reader",
                ["Callaro:Access:Keys:0:Sha256"] = AccessKeyHash.ToHex(ReaderKey),
                ["Callaro:Access:Keys:0:Roles:0"] = CallaroRoles.Telephony,
                ["Callaro:Access:Keys:0:Workspaces:0"] = WorkspaceAccess.DefaultWorkspace,
            }));
        }
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
