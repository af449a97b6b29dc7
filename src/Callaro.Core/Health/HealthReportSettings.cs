namespace Callaro.Core.Health;

/// <summary>
/// The parts of a campaign's settings the report reads: which features are on (completeness is only
/// counted where a feature is enabled), expected fields, field ownership and grace periods.
/// </summary>
public sealed record CampaignHealthSettings
{
    /// <summary>Settings assumed for a campaign nobody configured: <see cref="Settings.CampaignSettings.Default"/>.</summary>
    public static CampaignHealthSettings Default { get; } = Settings.CampaignSettings.Default.ToHealthSettings();

    /// <summary>Settings for calls without a campaign: nothing expected beyond the call (<see cref="Settings.CampaignSettings.CallOnly"/>).</summary>
    public static CampaignHealthSettings CallOnly { get; } = Settings.CampaignSettings.CallOnly.ToHealthSettings();

    /// <summary>End-of-call report (outcome, summary, fields) expected.</summary>
    public bool LoggingEnabled { get; init; } = true;
    /// <summary>Recordings expected.</summary>
    public bool RecordingEnabled { get; init; }
    /// <summary>Transcripts expected.</summary>
    public bool TranscriptionEnabled { get; init; }
    /// <summary>CRM activity expected.</summary>
    public bool CrmConnected { get; init; }
    /// <summary>Field names a good call captures.</summary>
    public IReadOnlyList<string> ExpectedFields { get; init; } = [];
    /// <summary>Fields the CRM owns: a CRM value differing from what was sent is expected there, not an overwrite.</summary>
    public IReadOnlySet<string> CrmOwnedFields { get; init; } = new HashSet<string>(StringComparer.Ordinal);
    /// <summary>How long after the call ends the end-of-call report may still arrive.</summary>
    public TimeSpan OutcomeGrace { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>How long after the call ends a transcript may still arrive.</summary>
    public TimeSpan TranscriptGrace { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>How long after the call ends a recording may still arrive.</summary>
    public TimeSpan RecordingGrace { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>How long after the call ends CRM activity may still arrive.</summary>
    public TimeSpan CrmGrace { get; init; } = TimeSpan.FromMinutes(30);
}

/// <summary>Thresholds that turn counts into healthy / degraded / failing. Settings with defaults.</summary>
public sealed record HealthThresholds
{
    /// <summary>Share of eligible calls with a gap above which a campaign is degraded.</summary>
    public double DegradedGapRate { get; init; } = 0.05;
    /// <summary>Share of eligible calls with a gap above which a campaign is failing.</summary>
    public double FailingGapRate { get; init; } = 0.20;
    /// <summary>A call still ringing this long after it started is stuck.</summary>
    public TimeSpan StuckRingingAfter { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>A call still answered this long after it was answered is stuck.</summary>
    public TimeSpan StuckAnsweredAfter { get; init; } = TimeSpan.FromHours(4);
    /// <summary>Rejected deliveries from which the workspace is failing (fewer: degraded).</summary>
    public int FailingRejectedDeliveries { get; init; } = 10;
    /// <summary>Calls in the review sample.</summary>
    public int SampleSize { get; init; } = 10;
    /// <summary>At most this many calls are listed per list (missed/failed, findings, stuck...); counts stay exact.</summary>
    public int ListLimit { get; init; } = 100;
}

/// <summary>Maps stored campaign settings onto what the report reads.</summary>
public static class CampaignHealthSettingsMapping
{
    /// <summary>The report's view of a campaign's settings.</summary>
    public static CampaignHealthSettings ToHealthSettings(this Settings.CampaignSettings s) => new()
    {
        LoggingEnabled = s.LoggingEnabled,
        RecordingEnabled = s.RecordingEnabled,
        TranscriptionEnabled = s.TranscriptionEnabled,
        CrmConnected = s.CrmConnected,
        ExpectedFields = s.ExpectedFields,
        CrmOwnedFields = s.SourceOfTruth.Where(p => p.Value == Settings.CampaignSettings.Crm).Select(p => p.Key).ToHashSet(StringComparer.Ordinal),
        OutcomeGrace = s.ReportGrace,
        TranscriptGrace = s.TranscriptGrace,
        RecordingGrace = s.RecordingGrace,
        CrmGrace = s.CrmGrace,
    };
}
