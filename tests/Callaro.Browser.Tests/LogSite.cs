using System.Security.Claims;
using System.Text.Encodings.Web;
using Callaro.Core.CallLog;
using Callaro.Core.Calls;
using Callaro.Functions.CallLog;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Callaro.Browser.Tests;

/// <summary>
/// The call log's pages served by Kestrel on a free port, over a seeded log, with access keys that
/// carry roles and workspaces as the app's authentication does (cookie <c>callaro_key</c> included).
/// </summary>
public sealed class LogSite : IAsyncDisposable
{
    public const string ReaderKey = "browser-reader-key";
    public static readonly DateOnly Day = new(2026, 3, 10);
    public static readonly DateTimeOffset Morning = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;
    public string BaseUrl { get; }

    private LogSite(WebApplication app, string baseUrl) { _app = app; BaseUrl = baseUrl; }

    public static async Task<LogSite> StartAsync(Action<SeededLog> seed)
    {
        var log = new SeededLog();
        seed(log);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Callaro:CallLog:CursorKey"] = "browser test cursor key of enough length" });
        builder.Services.AddAuthentication("keys").AddScheme<AuthenticationSchemeOptions, KeyHandler>("keys", null);
        builder.Services.AddAuthorizationBuilder().AddPolicy("telephony", p => p.RequireAuthenticatedUser().RequireRole("telephony", "admin"));
        builder.Services.AddSingleton<Callaro.Functions.CallLog.ICallLogWorkspaceDefaults>(new UtcDefaults());
        builder.AddCallLog();
        builder.Services.RemoveAll<ICallLogRowSource>();
        builder.Services.AddSingleton<ICallLogRowSource>(log);
        builder.Services.RemoveAll<ICallDetails>();
        builder.Services.AddSingleton<ICallDetails>(log);
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapCallLog();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LogSite(app, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

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

/// <summary>A seeded log in the table layout's order, plus call details for the detail and deal pages.</summary>
public sealed class SeededLog : ICallLogRowSource, ICallDetails
{
    private readonly Dictionary<string, SortedList<string, CallLogItem>> _partitions = [];
    private readonly Dictionary<string, CallDetailView> _details = [];

    public CallLogItem Add(DateTimeOffset startedAt, CallStatus status, string caller, string callee = "+4930555", string? dealId = null, bool recording = false)
    {
        var item = new CallLogItem
        {
            CallId = $"call-{startedAt:HHmmss}-{_details.Count}", Direction = CallDirection.Incoming, Caller = caller, Callee = callee, Status = status,
            DurationSeconds = status is CallStatus.Completed ? 95 : 0, StartedAt = startedAt, DealId = dealId, HasRecording = recording,
        };
        var pk = CallLogLayout.PartitionKey("default", DateOnly.FromDateTime(startedAt.UtcDateTime));
        if (!_partitions.TryGetValue(pk, out var p)) _partitions[pk] = p = new(StringComparer.Ordinal);
        p[CallLogLayout.RowKey(CallLogLayout.LogPrefix, startedAt, item.CallId)] = item;
        if (item.Alert) p[CallLogLayout.RowKey(CallLogLayout.AlertPrefix, startedAt, item.CallId)] = item;
        _details[item.CallId] = new CallDetailView
        {
            CallId = item.CallId, Workspace = "default", Status = status.ToString().ToLowerInvariant(), Direction = "incoming", Caller = caller, Callee = callee,
            DealId = dealId, StartedAt = startedAt, EndedAt = startedAt.AddSeconds(item.DurationSeconds), DurationSeconds = item.DurationSeconds,
            History = [new("call." + status.ToString().ToLowerInvariant(), startedAt, startedAt.AddSeconds(1), "callaro")],
            Recording = recording ? new CallRecordingView("audio/mpeg", item.DurationSeconds, 12_345) : null,
        };
        return item;
    }

    public Task<CallLogRowBatch> ReadAsync(string partitionKey, string lower, bool lowerInclusive, string upperExclusive, CallLogRowFilter filter, int top, string? continuation = null, CancellationToken cancellationToken = default)
    {
        var rows = new List<(string, CallLogItem)>();
        if (_partitions.TryGetValue(partitionKey, out var p))
            foreach (var (k, v) in p)
            {
                var c = string.CompareOrdinal(k, lower);
                if (c < 0 || (c == 0 && !lowerInclusive)) continue;
                if (string.CompareOrdinal(k, upperExclusive) >= 0 || rows.Count == top) break;
                if (filter.Matches(v)) rows.Add((k, v));
            }
        return Task.FromResult(new CallLogRowBatch(rows, null));
    }

    public Task<CallDetailView?> GetCallAsync(string workspace, string callId, CancellationToken cancellationToken = default) => Task.FromResult(_details.GetValueOrDefault(callId));

    public Task<IReadOnlyList<CallDetailView>> GetDealCallsAsync(string workspace, string dealId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<CallDetailView>>(_details.Values.Where(d => d.DealId == dealId).OrderByDescending(d => d.StartedAt).ToList());
}

internal sealed class UtcDefaults : Callaro.Functions.CallLog.ICallLogWorkspaceDefaults
{
    public Task<Callaro.Functions.CallLog.CallLogWorkspaceDefaults> GetAsync(string workspace, CancellationToken cancellationToken = default) =>
        Task.FromResult(new Callaro.Functions.CallLog.CallLogWorkspaceDefaults(TimeZoneInfo.Utc, null));
}
