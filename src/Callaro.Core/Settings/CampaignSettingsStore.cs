using System.Text.Json;
using Azure;
using Callaro.Storage.Tables;

namespace Callaro.Core.Settings;

/// <summary>Campaign settings in the <c>campaigns</c> table: PartitionKey workspace, RowKey campaign id.</summary>
public class CampaignSettingsStore
{
    private readonly TableClient _table;

    /// <summary>For mocking.</summary>
    protected CampaignSettingsStore() => _table = null!;

    /// <summary>Creates the store.</summary>
    public CampaignSettingsStore(TableServiceClient tables, StorageNames names) => _table = tables.GetTableClient(names.CampaignsTable);

    /// <summary>Whether a campaign id can be stored as a row key (no <c>/ \ # ?</c>, no control characters, 1..200 characters).</summary>
    public static bool IsValidCampaignId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 200 && !id.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    /// <summary>The campaign's settings, or null when it was never configured.</summary>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual async Task<CampaignSettings?> GetAsync(string workspaceId, string campaignId, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetEntityIfExistsAsync(workspaceId, campaignId, cancellationToken: cancellationToken);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    /// <summary>Every configured campaign of the workspace.</summary>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual async Task<IReadOnlyDictionary<string, CampaignSettings>> ListAsync(string workspaceId, CancellationToken cancellationToken = default)
    {
        var all = new Dictionary<string, CampaignSettings>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {workspaceId}"), cancellationToken: cancellationToken))
        {
            all[row.RowKey] = FromEntity(row);
        }
        return all;
    }

    /// <summary>Stores (replaces) a campaign's settings.</summary>
    /// <exception cref="ArgumentException">The campaign id cannot be stored (see <see cref="IsValidCampaignId"/>).</exception>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual async Task SetAsync(string workspaceId, string campaignId, CampaignSettings settings, CancellationToken cancellationToken = default)
    {
        if (!IsValidCampaignId(campaignId))
        {
            throw new ArgumentException($"'{campaignId}' cannot be a campaign id.", nameof(campaignId));
        }
        var entity = new TableEntity(workspaceId, campaignId)
        {
            ["LoggingEnabled"] = settings.LoggingEnabled,
            ["RecordingEnabled"] = settings.RecordingEnabled,
            ["TranscriptionEnabled"] = settings.TranscriptionEnabled,
            ["CrmConnected"] = settings.CrmConnected,
            ["ExpectedFields"] = JsonSerializer.Serialize(settings.ExpectedFields),
            ["SourceOfTruth"] = JsonSerializer.Serialize(settings.SourceOfTruth),
            ["TranscriptGraceMinutes"] = settings.TranscriptGraceMinutes,
            ["RecordingGraceMinutes"] = settings.RecordingGraceMinutes,
            ["CrmGraceMinutes"] = settings.CrmGraceMinutes,
            ["ReportGraceMinutes"] = settings.ReportGraceMinutes,
        };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    private static CampaignSettings FromEntity(TableEntity e) => new()
    {
        LoggingEnabled = e.GetBoolean("LoggingEnabled") ?? true,
        RecordingEnabled = e.GetBoolean("RecordingEnabled") ?? false,
        TranscriptionEnabled = e.GetBoolean("TranscriptionEnabled") ?? false,
        CrmConnected = e.GetBoolean("CrmConnected") ?? false,
        ExpectedFields = JsonSerializer.Deserialize<List<string>>(e.GetString("ExpectedFields") ?? "[]") ?? [],
        SourceOfTruth = JsonSerializer.Deserialize<Dictionary<string, string>>(e.GetString("SourceOfTruth") ?? "{}") ?? [],
        TranscriptGraceMinutes = e.GetInt32("TranscriptGraceMinutes") ?? 120,
        RecordingGraceMinutes = e.GetInt32("RecordingGraceMinutes") ?? 60,
        CrmGraceMinutes = e.GetInt32("CrmGraceMinutes") ?? 60,
        ReportGraceMinutes = e.GetInt32("ReportGraceMinutes") ?? 30,
    };
}
