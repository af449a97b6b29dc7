using System.Text.Json;
using Azure;
using Callaro.Core.Ingestion;
using Azure.Data.Tables;

namespace Callaro.Core.Settings;

/// <summary>
/// Campaign settings in the <c>campaigns</c> table (PartitionKey workspace id, RowKey campaign id), cached in
/// memory for <see cref="DefaultCacheDuration"/> — absent campaigns too — so judging a page of calls costs no
/// transaction per call. Another instance sees a change within that time; the instance that wrote it at once.
/// A campaign that was never configured reads as <see cref="CampaignSettings.Default"/>.
/// </summary>
public class CampaignSettingsStore
{
    /// <summary>How long settings are served from memory.</summary>
    public static readonly TimeSpan DefaultCacheDuration = TimeSpan.FromMinutes(1);

    private readonly TableClient _table;
    private readonly SettingsCache<(string Workspace, string Campaign), CampaignSettings?> _cache;

    /// <summary>For mocking.</summary>
    protected CampaignSettingsStore()
    {
        _table = null!;
        _cache = new(TimeProvider.System, TimeSpan.Zero);
    }

    /// <summary>Creates the store on the <see cref="StorageNames.CampaignsTable"/> table.</summary>
    public CampaignSettingsStore(TableServiceClient service, StorageNames names, TimeProvider? clock = null, TimeSpan? cacheFor = null)
        : this(service.GetTableClient(names.CampaignsTable), clock, cacheFor) { }

    /// <summary>Creates the store on a given table.</summary>
    public CampaignSettingsStore(TableClient table, TimeProvider? clock = null, TimeSpan? cacheFor = null)
    {
        _table = table;
        _cache = new(clock ?? TimeProvider.System, cacheFor ?? DefaultCacheDuration);
    }

    /// <summary>
    /// Whether <paramref name="campaignId"/> can be a campaign id: what ingestion accepts on events and Table
    /// Storage accepts as a row key (1 to <see cref="CallEventValidator.MaxIdLength"/> characters, no
    /// <c>/ \ # ?</c>, no control characters).
    /// </summary>
    public static bool IsValidCampaignId(string? campaignId) =>
        !string.IsNullOrEmpty(campaignId) && campaignId.Length <= CallEventValidator.MaxIdLength
        && !campaignId.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    /// <summary>The campaign's settings, or <see cref="CampaignSettings.Default"/> when it was never configured.</summary>
    /// <exception cref="ArgumentException">The campaign id cannot be stored (<see cref="IsValidCampaignId"/>).</exception>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual async Task<CampaignSettings> GetAsync(string workspaceId, string campaignId, CancellationToken cancellationToken = default) =>
        await FindAsync(workspaceId, campaignId, cancellationToken).ConfigureAwait(false) ?? CampaignSettings.Default;

    /// <summary>
    /// The settings that apply to a call of <paramref name="campaignId"/>: <see cref="CampaignSettings.Default"/>
    /// for calls without a campaign, or with an id that cannot be a campaign's (no read is made for those).
    /// </summary>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual Task<CampaignSettings> GetForCallAsync(string workspaceId, string? campaignId, CancellationToken cancellationToken = default) =>
        IsValidCampaignId(campaignId) ? GetAsync(workspaceId, campaignId!, cancellationToken) : Task.FromResult(CampaignSettings.CallOnly);

    /// <summary>The campaign's stored settings, or null when it was never configured.</summary>
    /// <exception cref="ArgumentException">The campaign id cannot be stored (<see cref="IsValidCampaignId"/>).</exception>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual async Task<CampaignSettings?> FindAsync(string workspaceId, string campaignId, CancellationToken cancellationToken = default)
    {
        RequireValidId(campaignId);
        return await _cache.GetOrReadAsync((workspaceId, campaignId), ReadAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every configured campaign of the workspace, by campaign id (one partition query, not cached).</summary>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual async Task<IReadOnlyDictionary<string, CampaignSettings>> ListAsync(string workspaceId, CancellationToken cancellationToken = default)
    {
        var all = new Dictionary<string, CampaignSettings>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {workspaceId}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            all[row.RowKey] = FromEntity(row);
        return all;
    }

    /// <summary>Stores the campaign's settings, replacing earlier ones.</summary>
    /// <exception cref="ArgumentException">The settings are invalid (<see cref="CampaignSettings.Validate"/>) or the id cannot be stored; nothing was written.</exception>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual async Task SetAsync(string workspaceId, string campaignId, CampaignSettings settings, CancellationToken cancellationToken = default)
    {
        RequireValidId(campaignId);
        var errors = settings.Validate();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors.SelectMany(e => e.Value)), nameof(settings));

        await _table.UpsertEntityAsync(ToEntity(workspaceId, campaignId, settings), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        _cache.Set((workspaceId, campaignId), settings);
    }

    private async Task<CampaignSettings?> ReadAsync((string Workspace, string Campaign) key, CancellationToken cancellationToken)
    {
        var stored = await _table.GetEntityIfExistsAsync<TableEntity>(key.Workspace, key.Campaign, cancellationToken: cancellationToken).ConfigureAwait(false);
        return stored.HasValue ? FromEntity(stored.Value!) : null;
    }

    private static void RequireValidId(string campaignId)
    {
        if (!IsValidCampaignId(campaignId))
            throw new ArgumentException($"'{campaignId}' cannot be a campaign id: use 1 to {CallEventValidator.MaxIdLength} characters without / \\ # ? or control characters.", nameof(campaignId));
    }

    // Lists and maps are stored as JSON text: Table Storage has no collection types, and one property per field
    // would collide with the fixed properties and run into the 255-property limit.
    private static TableEntity ToEntity(string workspaceId, string campaignId, CampaignSettings s)
    {
        var entity = Entity(workspaceId, campaignId, s);
        if (s.Name is not null) entity["Name"] = s.Name;
        return entity;
    }

    private static TableEntity Entity(string workspaceId, string campaignId, CampaignSettings s) => new(workspaceId, campaignId)
    {
        ["LoggingEnabled"] = s.LoggingEnabled,
        ["RecordingEnabled"] = s.RecordingEnabled,
        ["TranscriptionEnabled"] = s.TranscriptionEnabled,
        ["CrmConnected"] = s.CrmConnected,
        ["ExpectedFields"] = JsonSerializer.Serialize(s.ExpectedFields),
        ["SourceOfTruth"] = JsonSerializer.Serialize(s.SourceOfTruth),
        ["ReportGraceMinutes"] = s.ReportGraceMinutes,
        ["RecordingGraceMinutes"] = s.RecordingGraceMinutes,
        ["TranscriptGraceMinutes"] = s.TranscriptGraceMinutes,
        ["CrmGraceMinutes"] = s.CrmGraceMinutes,
    };

    // Properties a row lacks (written by an older version) take the defaults.
    private static CampaignSettings FromEntity(TableEntity e)
    {
        var d = CampaignSettings.Default;
        return new CampaignSettings
        {
            Name = e.GetString("Name"),
            LoggingEnabled = e.GetBoolean("LoggingEnabled") ?? d.LoggingEnabled,
            RecordingEnabled = e.GetBoolean("RecordingEnabled") ?? d.RecordingEnabled,
            TranscriptionEnabled = e.GetBoolean("TranscriptionEnabled") ?? d.TranscriptionEnabled,
            CrmConnected = e.GetBoolean("CrmConnected") ?? d.CrmConnected,
            ExpectedFields = e.GetString("ExpectedFields") is { } fields ? JsonSerializer.Deserialize<List<string>>(fields) ?? [] : d.ExpectedFields,
            SourceOfTruth = e.GetString("SourceOfTruth") is { } owners
                ? new Dictionary<string, string>(JsonSerializer.Deserialize<Dictionary<string, string>>(owners) ?? [], StringComparer.Ordinal)
                : d.SourceOfTruth,
            ReportGraceMinutes = e.GetInt32("ReportGraceMinutes") ?? d.ReportGraceMinutes,
            RecordingGraceMinutes = e.GetInt32("RecordingGraceMinutes") ?? d.RecordingGraceMinutes,
            TranscriptGraceMinutes = e.GetInt32("TranscriptGraceMinutes") ?? d.TranscriptGraceMinutes,
            CrmGraceMinutes = e.GetInt32("CrmGraceMinutes") ?? d.CrmGraceMinutes,
        };
    }
}
