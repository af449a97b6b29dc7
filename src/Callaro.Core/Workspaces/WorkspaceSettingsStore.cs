using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Callaro.Core.Workspaces;

/// <summary>
/// Workspace settings in the <c>workspaces</c> table (PartitionKey workspace id, RowKey <c>settings</c>),
/// cached in memory for <see cref="DefaultCacheDuration"/> so ingesting an event costs no extra
/// transaction. Another instance sees a change within that time; the instance that wrote it at once.
/// </summary>
public class WorkspaceSettingsStore : IWorkspaceTimeZoneSource
{
    /// <summary>How long settings are served from memory.</summary>
    public static readonly TimeSpan DefaultCacheDuration = TimeSpan.FromMinutes(1);

    private const string RowKey = "settings";
    private readonly TableClient _table;
    private readonly SettingsCache<string, WorkspaceSettings> _cache;

    /// <summary>For mocking.</summary>
    protected WorkspaceSettingsStore()
    {
        _table = null!;
        _cache = new(TimeProvider.System, TimeSpan.Zero);
    }

    /// <summary>Creates the store on the <see cref="StorageNames.WorkspacesTable"/> table.</summary>
    public WorkspaceSettingsStore(TableServiceClient service, StorageNames names, TimeProvider? clock = null, TimeSpan? cacheFor = null)
        : this(service.GetTableClient(names.WorkspacesTable), clock, cacheFor) { }

    /// <summary>Creates the store on a given table.</summary>
    public WorkspaceSettingsStore(TableClient table, TimeProvider? clock = null, TimeSpan? cacheFor = null)
    {
        _table = table;
        _cache = new(clock ?? TimeProvider.System, cacheFor ?? DefaultCacheDuration, StringComparer.Ordinal);
    }

    /// <summary>The workspace's settings, or <see cref="WorkspaceSettings.Default"/> when none are stored.</summary>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual Task<WorkspaceSettings> GetAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        _cache.GetOrReadAsync(workspaceId, ReadAsync, cancellationToken);

    /// <summary>Stores the workspace's settings (replacing earlier ones).</summary>
    /// <exception cref="ArgumentException">The settings are invalid (<see cref="WorkspaceSettings.Validate"/>); nothing was written.</exception>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual async Task SetAsync(string workspaceId, WorkspaceSettings settings, CancellationToken cancellationToken = default)
    {
        var errors = settings.Validate();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors.SelectMany(e => e.Value)), nameof(settings));
        var entity = new TableEntity(workspaceId, RowKey)
        {
            ["ReportingTimeZone"] = settings.ReportingTimeZone,
            ["DefaultLocale"] = settings.DefaultLocale,
            // JSON text: Table Storage has no map type; the entry limits keep each under a property's 64 KiB.
            ["Operators"] = JsonSerializer.Serialize(settings.Operators),
            ["Deals"] = JsonSerializer.Serialize(settings.Deals),
        };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        _cache.Set(workspaceId, settings);
    }

    /// <inheritdoc />
    public async ValueTask<TimeZoneInfo> GetReportingTimeZoneAsync(string workspaceId, CancellationToken cancellationToken = default)
    {
        var settings = await GetAsync(workspaceId, cancellationToken).ConfigureAwait(false);
        // A zone that disappeared from this machine's tz database must not stop ingestion: fall back to UTC.
        return TimeZoneInfo.TryFindSystemTimeZoneById(settings.ReportingTimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
    }

    private async Task<WorkspaceSettings> ReadAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var stored = await _table.GetEntityIfExistsAsync<TableEntity>(workspaceId, RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return stored.HasValue ? FromEntity(stored.Value!) : WorkspaceSettings.Default;
    }

    // Properties a row lacks (written by an older version) take the defaults.
    private static WorkspaceSettings FromEntity(TableEntity e) => new(
        e.GetString("ReportingTimeZone") ?? WorkspaceSettings.Default.ReportingTimeZone,
        e.GetString("DefaultLocale") ?? WorkspaceSettings.Default.DefaultLocale)
    {
        Operators = Names(e.GetString("Operators")),
        Deals = Names(e.GetString("Deals")),
    };

    private static IReadOnlyDictionary<string, string> Names(string? json) =>
        json is null ? Settings.DisplayNames.Empty
        : new Dictionary<string, string>(JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [], StringComparer.Ordinal);
}
