using System.Text.Json.Serialization;
using Callaro.Core.Settings;
using Callaro.Core.Workspaces;

namespace Callaro.Functions.Settings;

/// <summary>
/// The body of <c>PUT /api/campaigns/{campaignId}</c>. PUT replaces the campaign's settings: an omitted (or null)
/// setting takes its default (<see cref="CampaignSettings.Default"/>). Unknown members are rejected.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CampaignSettingsBody(
    string? Name = null,
    bool? LoggingEnabled = null,
    bool? RecordingEnabled = null,
    bool? TranscriptionEnabled = null,
    bool? CrmConnected = null,
    IReadOnlyList<string>? ExpectedFields = null,
    IReadOnlyDictionary<string, string>? SourceOfTruth = null,
    int? ReportGraceMinutes = null,
    int? RecordingGraceMinutes = null,
    int? TranscriptGraceMinutes = null,
    int? CrmGraceMinutes = null)
{
    public CampaignSettings ToSettings()
    {
        var d = CampaignSettings.Default;
        return new CampaignSettings
        {
            Name = Name,
            LoggingEnabled = LoggingEnabled ?? d.LoggingEnabled,
            RecordingEnabled = RecordingEnabled ?? d.RecordingEnabled,
            TranscriptionEnabled = TranscriptionEnabled ?? d.TranscriptionEnabled,
            CrmConnected = CrmConnected ?? d.CrmConnected,
            ExpectedFields = ExpectedFields ?? d.ExpectedFields,
            SourceOfTruth = SourceOfTruth is null ? d.SourceOfTruth : new Dictionary<string, string>(SourceOfTruth, StringComparer.Ordinal),
            ReportGraceMinutes = ReportGraceMinutes ?? d.ReportGraceMinutes,
            RecordingGraceMinutes = RecordingGraceMinutes ?? d.RecordingGraceMinutes,
            TranscriptGraceMinutes = TranscriptGraceMinutes ?? d.TranscriptGraceMinutes,
            CrmGraceMinutes = CrmGraceMinutes ?? d.CrmGraceMinutes,
        };
    }
}

/// <summary>A campaign's settings as the API shows them; <see cref="Configured"/> is false while the defaults apply.</summary>
public sealed record CampaignSettingsResponse(
    string WorkspaceId,
    string CampaignId,
    bool Configured,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    bool LoggingEnabled,
    bool RecordingEnabled,
    bool TranscriptionEnabled,
    bool CrmConnected,
    IReadOnlyList<string> ExpectedFields,
    IReadOnlyDictionary<string, string> SourceOfTruth,
    int ReportGraceMinutes,
    int RecordingGraceMinutes,
    int TranscriptGraceMinutes,
    int CrmGraceMinutes)
{
    public static CampaignSettingsResponse From(string workspaceId, string campaignId, CampaignSettings? stored)
    {
        var s = stored ?? CampaignSettings.Default;
        return new(workspaceId, campaignId, stored is not null, s.Name, s.LoggingEnabled, s.RecordingEnabled, s.TranscriptionEnabled, s.CrmConnected,
            s.ExpectedFields, s.SourceOfTruth, s.ReportGraceMinutes, s.RecordingGraceMinutes, s.TranscriptGraceMinutes, s.CrmGraceMinutes);
    }
}

/// <summary>
/// The body of <c>PUT /api/workspace</c>. PUT replaces the workspace's settings: an omitted (or null) setting takes
/// its default (<see cref="WorkspaceSettings.Default"/>: UTC, en-US, no names). Unknown members are rejected.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record WorkspaceSettingsBody(
    string? ReportingTimeZone = null,
    string? DefaultLocale = null,
    IReadOnlyDictionary<string, string>? Operators = null,
    IReadOnlyDictionary<string, string>? Deals = null)
{
    public WorkspaceSettings ToSettings() => new(
        ReportingTimeZone ?? WorkspaceSettings.Default.ReportingTimeZone,
        DefaultLocale ?? WorkspaceSettings.Default.DefaultLocale)
    {
        Operators = Operators is null ? WorkspaceSettings.Default.Operators : new Dictionary<string, string>(Operators, StringComparer.Ordinal),
        Deals = Deals is null ? WorkspaceSettings.Default.Deals : new Dictionary<string, string>(Deals, StringComparer.Ordinal),
    };
}

/// <summary>A workspace's settings as the API shows them.</summary>
public sealed record WorkspaceSettingsResponse(
    string WorkspaceId, string ReportingTimeZone, string DefaultLocale, IReadOnlyDictionary<string, string> Operators, IReadOnlyDictionary<string, string> Deals)
{
    public static WorkspaceSettingsResponse From(string workspaceId, WorkspaceSettings s) =>
        new(workspaceId, s.ReportingTimeZone, s.DefaultLocale, s.Operators, s.Deals);
}
