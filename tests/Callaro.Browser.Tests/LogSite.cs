using System.Security.Claims;
using System.Text.Encodings.Web;
using Callaro.Core;
using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Core.Workspaces;
using Callaro.Functions.CallLog;
using Callaro.Storage.Tables;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Callaro.Browser.Tests;

/// <summary>
/// The call log served by Kestrel on a free port against Azurite (a unique table prefix per site),
/// seeded through the ingestor exactly as webhooks store calls. Access keys carry roles and workspaces
/// as the app's authentication does, the <c>callaro_key</c> cookie included.
/// </summary>
public sealed class LogSite : IAsyncDisposable
{
    public const string ReaderKey = "browser-reader-key";
    public static readonly DateOnly Day = new(2026, 3, 10);
    public static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;
    private readonly TableServiceClient _service;
    private readonly StorageNames _names;
    public string BaseUrl { get; }

    private LogSite(WebApplication app, string baseUrl, TableServiceClient service, StorageNames names)
    {
        _app = app; BaseUrl = baseUrl; _service = service; _names = names;
    }

    public static async Task<LogSite> StartAsync(Func<SiteSeeder, Task> seed)
    {
        var connection = Environment.GetEnvironmentVariable("CALLARO_TEST_STORAGE")
            ?? throw new InvalidOperationException("CALLARO_TEST_STORAGE is not set: run ./test.sh, which starts Azurite and sets it.");
        var names = new StorageNames("b" + Guid.NewGuid().ToString("N")[..8]);
        var service = new TableServiceClient(connection);
        foreach (var table in names.Tables) await service.CreateTableIfNotExistsAsync(table);
        await seed(new SiteSeeder(new CallIngestor(service, names, new FixedTimeZoneSource(TimeZoneInfo.Utc)), service.GetTableClient(names.CallsTable)));

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Callaro:CallLog:CursorKey"] = "browser test cursor key of enough length" });
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton(names);
        builder.Services.AddAuthentication("keys").AddScheme<AuthenticationSchemeOptions, KeyHandler>("keys", null);
        builder.Services.AddAuthorizationBuilder().AddPolicy("telephony", p => p.RequireAuthenticatedUser().RequireRole("telephony", "admin"));
        builder.AddCallLog();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapCallLog();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LogSite(app, address.TrimEnd('/'), service, names);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        foreach (var table in _names.Tables) await _service.GetTableClient(table).DeleteAsync();
    }

    private sealed class KeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> o, ILoggerFactory l, UrlEncoder e)
        : AuthenticationHandler<AuthenticationSchemeOptions>(o, l, e)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var key = Request.Headers["X-Api-Key"].ToString();
            if (key.Length == 0) key = Request.Cookies["callaro_key"] ?? "";
            if (key.Length == 0) return Task.FromResult(AuthenticateResult.NoResult());
            if (key != ReaderKey) return Task.FromResult(AuthenticateResult.Fail("unknown key"));
            var identity = new ClaimsIdentity([new(ClaimTypes.Name, "browser"), new(ClaimTypes.Role, "telephony"), new("callaro_workspace", "*")], "key");
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), "keys")));
        }
    }
}

/// <summary>Stores calls through the ingestor, as the webhooks do.</summary>
public sealed class SiteSeeder(CallIngestor ingestor, TableClient calls)
{
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

    private int _events;

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
