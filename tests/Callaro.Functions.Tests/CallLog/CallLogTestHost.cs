using Callaro.Core.CallLog;
using Callaro.Core.Calls;
using Callaro.Functions.CallLog;
using Callaro.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Callaro.Functions.Tests.CallLog;

/// <summary>
/// The app with its call log over an in-memory log (or, given <see cref="StoredLog"/>, over Azurite tables), on a fixed
/// "now", with three more access keys: a reader of every workspace, a key without a role, and a reader of another
/// workspace. For storage-backed tests see the integration tests.
/// </summary>
internal sealed class CallLogTestHost : IAsyncDisposable
{
    public const string ReaderKey = "reader-key";
    public const string NoRoleKey = "norole-key";
    public const string OtherWorkspaceKey = "other-key";

    private readonly CallaroApplication _app;
    public MemoryLog Log { get; } = new();
    public FakeDetails Details { get; } = new();
    public bool StorageDown { get; set; }

    private CallLogTestHost(CallaroApplication app) => _app = app;

    /// <summary>Over Azurite (CALLARO_TEST_STORAGE) with a unique table prefix, when <paramref name="storage"/> is given.</summary>
    public static async Task<CallLogTestHost> StartAsync(DateTimeOffset? now = null, StoredLog? storage = null)
    {
        var app = new CallaroApplication()
            .WithSetting("Callaro:CallLog:CursorKey", "test cursor key, 32 bytes or more!")
            .WithKey(ReaderKey, ReaderKey, ["telephony"], ["*"])
            .WithKey(NoRoleKey, NoRoleKey, [], ["*"])
            .WithKey(OtherWorkspaceKey, OtherWorkspaceKey, ["telephony"], ["rival"]);
        var host = new CallLogTestHost(app);
        if (storage is null)
        {
            app.WithServices(services =>
            {
                services.AddSingleton<Callaro.Functions.CallLog.ICallLogWorkspaceDefaults>(new UtcDefaults());
                services.AddSingleton<ICallLogRowSource>(new OutageAware(host));
                services.AddSingleton<ICallDetails>(host.Details);
            });
        }
        else
        {
            app.WithSetting("Callaro:Storage:NamePrefix", storage.Names.Prefix);
        }

        app.WithServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(new FixedClock(now ?? new DateTimeOffset(2026, 3, 10, 18, 0, 0, TimeSpan.Zero)))));
        await app.StartAsync();
        return host;
    }

    public HttpClient Client(string? key = ReaderKey)
    {
        var client = _app.CreateDefaultClient();
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private sealed class OutageAware(CallLogTestHost host) : ICallLogRowSource
    {
        public Task<CallLogRowBatch> ReadAsync(string partitionKey, string lower, bool lowerInclusive, string upperExclusive, CallLogRowFilter filter, int top, string? continuation = null, CancellationToken cancellationToken = default) =>
            host.StorageDown
                ? throw new Azure.RequestFailedException(503, "Server busy", "ServerBusy", null)
                : host.Log.ReadAsync(partitionKey, lower, lowerInclusive, upperExclusive, filter, top, continuation, cancellationToken);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>Tables of one test in Azurite, and the ingestor that fills them as webhooks do.</summary>
internal sealed class StoredLog : IAsyncDisposable
{
    public Azure.Data.Tables.TableServiceClient Service { get; }
    public Callaro.Core.StorageNames Names { get; } = new("t" + Guid.NewGuid().ToString("N")[..8]);
    public Callaro.Core.Workspaces.WorkspaceSettingsStore Settings { get; }
    public Callaro.Core.Ingestion.CallIngestor Ingestor { get; }

    private StoredLog(Azure.Data.Tables.TableServiceClient service)
    {
        Service = service;
        Settings = new Callaro.Core.Workspaces.WorkspaceSettingsStore(service, Names, cacheFor: TimeSpan.Zero);
        Ingestor = new Callaro.Core.Ingestion.CallIngestor(service, Names, Settings);
    }

    public static async Task<StoredLog> CreateAsync()
    {
        var connection = Environment.GetEnvironmentVariable("CALLARO_TEST_STORAGE")
            ?? throw new InvalidOperationException("CALLARO_TEST_STORAGE is not set: run ./test.sh, which starts Azurite and sets it.");
        var log = new StoredLog(new Azure.Data.Tables.TableServiceClient(connection));
        foreach (var table in log.Names.Tables) await log.Service.CreateTableIfNotExistsAsync(table);
        return log;
    }

    /// <summary>A ringing event then the final one, as a provider would send them.</summary>
    public Task CallAsync(string workspace, string callId, DateTimeOffset startedAt, CallStatus status, string caller = "+15550001", string? dealId = null)
    {
        CallEvent Event(CallEventType type, DateTimeOffset at) => new()
        {
            EventId = callId + "-" + type, Type = type, OccurredAt = at, CallId = callId, WorkspaceId = workspace, Source = "callaro", ReceivedAt = at,
            Direction = CallDirection.Outgoing, Caller = caller, Callee = "+4930100", StartedAt = startedAt, DealId = dealId,
            AnsweredAt = status == CallStatus.Completed ? startedAt.AddSeconds(3) : null, EndedAt = startedAt.AddSeconds(63),
        };
        var final = status switch { CallStatus.Missed => CallEventType.Missed, CallStatus.Failed => CallEventType.Failed, _ => CallEventType.Completed };
        return Ingestor.IngestAsync([Event(CallEventType.Ringing, startedAt), Event(final, startedAt.AddSeconds(63))]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var table in Names.Tables) await Service.GetTableClient(table).DeleteAsync();
    }
}

/// <summary>The log layout in memory, ordered and filtered like the Table service.</summary>
internal sealed class MemoryLog : ICallLogRowSource
{
    private readonly SortedDictionary<string, SortedList<string, CallLogItem>> _partitions = new(StringComparer.Ordinal);

    public CallLogItem Add(string workspace, DateTimeOffset startedAt, CallStatus status = CallStatus.Completed, string caller = "+15550001",
        string callee = "+15550002", CallDirection direction = CallDirection.Incoming, string? dealId = null, string? callId = null, int duration = 61)
    {
        var item = new CallLogItem
        {
            CallId = callId ?? "c" + Guid.NewGuid().ToString("N")[..12], Direction = direction, Caller = caller, Callee = callee, Status = status,
            DurationSeconds = status is CallStatus.Missed or CallStatus.Failed ? 0 : duration, StartedAt = startedAt, DealId = dealId,
        };
        var pk = CallLogLayout.PartitionKey(workspace, DateOnly.FromDateTime(startedAt.UtcDateTime));
        if (!_partitions.TryGetValue(pk, out var p)) _partitions[pk] = p = new(StringComparer.Ordinal);
        p[CallLogLayout.RowKey(CallLogLayout.LogPrefix, startedAt, item.CallId)] = item;
        if (item.Alert) p[CallLogLayout.RowKey(CallLogLayout.AlertPrefix, startedAt, item.CallId)] = item;
        foreach (var n in new[] { caller, callee }.Distinct()) p[CallLogLayout.RowKey(CallLogLayout.NumberRowPrefix(n), startedAt, item.CallId)] = item;
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
}

internal sealed class FakeDetails : ICallDetails
{
    public Dictionary<string, CallDetailView> Calls { get; } = [];

    public Task<CallDetailView?> GetCallAsync(string workspace, string callId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Calls.GetValueOrDefault(callId) is { } c && c.Workspace == workspace ? c : null);

    public Task<IReadOnlyList<CallDetailView>> GetDealCallsAsync(string workspace, string dealId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<CallDetailView>>(Calls.Values.Where(c => c.Workspace == workspace && c.DealId == dealId).OrderByDescending(c => c.StartedAt).ToList());
}

internal sealed class UtcDefaults : Callaro.Functions.CallLog.ICallLogWorkspaceDefaults
{
    public Task<Callaro.Functions.CallLog.CallLogWorkspaceDefaults> GetAsync(string workspace, CancellationToken cancellationToken = default) =>
        Task.FromResult(new Callaro.Functions.CallLog.CallLogWorkspaceDefaults(TimeZoneInfo.Utc, null));
}
