using Callaro.Core.Ingestion;

namespace Callaro.Core.Settings;

/// <summary>
/// What a campaign expects to be logged after each of its calls, and who owns each field. The call detail,
/// the API and the health report judge a call against these (<see cref="AttachmentStates"/>), so
/// "not enabled" is told apart from "pending" (within grace after the call ended) and "missing" (past it).
/// A campaign nobody configured, and a call without a campaign, use <see cref="Default"/>.
/// </summary>
public sealed record CampaignSettings
{
    /// <summary>Owner word: Callaro's end-of-call report holds the authoritative value.</summary>
    public const string Callaro = "callaro";

    /// <summary>Owner word: the CRM holds the authoritative value (a different CRM value is not an error).</summary>
    public const string Crm = "crm";

    /// <summary>Longest grace period accepted: one week, in minutes.</summary>
    public const int MaxGraceMinutes = 7 * 24 * 60;

    /// <summary>Most expected fields (and most <see cref="SourceOfTruth"/> entries) a campaign may list.</summary>
    public const int MaxFields = CallEventValidator.MaxFields;

    /// <summary>
    /// What an unconfigured campaign expects: the end-of-call report (outcome and summary) only — recording,
    /// transcription and CRM off, no expected fields, every field owned by Callaro — with grace periods of
    /// 15 minutes for the report and the recording and 30 minutes for the transcript and CRM activity.
    /// </summary>
    public static CampaignSettings Default { get; } = new();

    /// <summary>
    /// What a call without a campaign expects: nothing beyond the call itself. Plain calls are not a logging
    /// gap, so neither the call detail nor the health report may count their missing report as one.
    /// </summary>
    public static CampaignSettings CallOnly { get; } = new() { LoggingEnabled = false };

    /// <summary>The name the log, the export and the digest show for the campaign; null shows its id (<see cref="DisplayNames"/>).</summary>
    public string? Name { get; init; }

    /// <summary>The end-of-call report (outcome, summary, extracted fields) is expected.</summary>
    public bool LoggingEnabled { get; init; } = true;

    /// <summary>A recording is expected for every answered call.</summary>
    public bool RecordingEnabled { get; init; }

    /// <summary>A transcript is expected for every answered call.</summary>
    public bool TranscriptionEnabled { get; init; }

    /// <summary>CRM activity is expected for every answered call.</summary>
    public bool CrmConnected { get; init; }

    /// <summary>Names of the extracted fields a good call captures (ordinal, case-sensitive, as senders spell them).</summary>
    public IReadOnlyList<string> ExpectedFields { get; init; } = [];

    /// <summary>Per field, which system owns its value: <see cref="Callaro"/> or <see cref="Crm"/>. Unlisted fields: Callaro.</summary>
    public IReadOnlyDictionary<string, string> SourceOfTruth { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Minutes after the call ends within which a missing end-of-call report is still pending.</summary>
    public int ReportGraceMinutes { get; init; } = 15;

    /// <summary>Minutes after the call ends within which a missing recording is still pending.</summary>
    public int RecordingGraceMinutes { get; init; } = 15;

    /// <summary>Minutes after the call ends within which a missing transcript is still pending.</summary>
    public int TranscriptGraceMinutes { get; init; } = 30;

    /// <summary>Minutes after the call ends within which missing CRM activity is still pending.</summary>
    public int CrmGraceMinutes { get; init; } = 30;

    /// <summary><see cref="ReportGraceMinutes"/> as a duration.</summary>
    public TimeSpan ReportGrace => TimeSpan.FromMinutes(ReportGraceMinutes);

    /// <summary><see cref="RecordingGraceMinutes"/> as a duration.</summary>
    public TimeSpan RecordingGrace => TimeSpan.FromMinutes(RecordingGraceMinutes);

    /// <summary><see cref="TranscriptGraceMinutes"/> as a duration.</summary>
    public TimeSpan TranscriptGrace => TimeSpan.FromMinutes(TranscriptGraceMinutes);

    /// <summary><see cref="CrmGraceMinutes"/> as a duration.</summary>
    public TimeSpan CrmGrace => TimeSpan.FromMinutes(CrmGraceMinutes);

    /// <summary>The API's names of the settings, in the order they are documented.</summary>
    public static IReadOnlyList<string> FieldNames { get; } =
    [
        "name", "loggingEnabled", "recordingEnabled", "transcriptionEnabled", "crmConnected", "expectedFields", "sourceOfTruth",
        "reportGraceMinutes", "recordingGraceMinutes", "transcriptGraceMinutes", "crmGraceMinutes",
    ];

    /// <summary>Which system owns a field's value (Callaro unless <see cref="SourceOfTruth"/> says CRM).</summary>
    public FieldOwner OwnerOf(string field) =>
        SourceOfTruth.TryGetValue(field, out var owner) && owner == Crm ? FieldOwner.Crm : FieldOwner.Callaro;

    /// <summary>
    /// Errors keyed by the API's field name (<c>expectedFields</c>, <c>sourceOfTruth.{field}</c>,
    /// <c>transcriptGraceMinutes</c>, ...); empty when the settings may be stored. Checks: grace periods from 0 to
    /// <see cref="MaxGraceMinutes"/>; field names non-empty, at most <see cref="CallEventValidator.MaxShortTextLength"/>
    /// characters, without control characters or surrounding spaces, not listed twice; at most <see cref="MaxFields"/>
    /// of them; owners <c>callaro</c> or <c>crm</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string key, string message)
        {
            if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
            list.Add(message);
        }

        if (Name is not null && DisplayNames.NameProblem(Name) is { } nameProblem) Add("name", nameProblem);
        Grace("reportGraceMinutes", ReportGraceMinutes);
        Grace("recordingGraceMinutes", RecordingGraceMinutes);
        Grace("transcriptGraceMinutes", TranscriptGraceMinutes);
        Grace("crmGraceMinutes", CrmGraceMinutes);

        if (ExpectedFields is null)
        {
            Add("expectedFields", "expectedFields must be a list of field names (use [] for none).");
        }
        else
        {
            if (ExpectedFields.Count > MaxFields) Add("expectedFields", $"expectedFields lists {ExpectedFields.Count} names; at most {MaxFields} are allowed.");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in ExpectedFields)
            {
                if (FieldNameProblem(name) is { } problem) Add("expectedFields", problem);
                else if (!seen.Add(name)) Add("expectedFields", $"'{name}' is listed twice; list each field once.");
            }
        }

        if (SourceOfTruth is null)
        {
            Add("sourceOfTruth", "sourceOfTruth must be an object of field names to \"callaro\" or \"crm\" (use {} for none).");
        }
        else
        {
            if (SourceOfTruth.Count > MaxFields) Add("sourceOfTruth", $"sourceOfTruth names {SourceOfTruth.Count} fields; at most {MaxFields} are allowed.");
            foreach (var (field, owner) in SourceOfTruth)
            {
                if (FieldNameProblem(field) is { } problem) Add("sourceOfTruth", problem);
                else if (owner is not (Callaro or Crm))
                    Add($"sourceOfTruth.{field}", $"'{Clip(owner)}' is not an owner; use \"{Callaro}\" (the end-of-call report is authoritative) or \"{Crm}\" (the CRM is).");
            }
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

        void Grace(string name, int minutes)
        {
            if (minutes < 0) Add(name, $"{name} is {minutes}; a grace period cannot be negative. Use 0 to {MaxGraceMinutes} minutes.");
            else if (minutes > MaxGraceMinutes) Add(name, $"{name} is {minutes}; grace periods are at most {MaxGraceMinutes} minutes (one week).");
        }
    }

    /// <summary>Why <paramref name="name"/> cannot be a field name, or null when it can.</summary>
    public static string? FieldNameProblem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "Field names cannot be empty or blank.";
        if (name.Length > CallEventValidator.MaxShortTextLength) return $"'{Clip(name)}' is longer than {CallEventValidator.MaxShortTextLength} characters.";
        if (name.Any(char.IsControl)) return $"'{Clip(name)}' contains control characters.";
        if (char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[^1])) return $"'{name}' starts or ends with a space; write the name as senders spell it.";
        return null;
    }

    /// <summary>Equal when every setting is equal (lists and maps by content).</summary>
    public bool Equals(CampaignSettings? other) =>
        other is not null && Name == other.Name
        && LoggingEnabled == other.LoggingEnabled && RecordingEnabled == other.RecordingEnabled
        && TranscriptionEnabled == other.TranscriptionEnabled && CrmConnected == other.CrmConnected
        && ReportGraceMinutes == other.ReportGraceMinutes && RecordingGraceMinutes == other.RecordingGraceMinutes
        && TranscriptGraceMinutes == other.TranscriptGraceMinutes && CrmGraceMinutes == other.CrmGraceMinutes
        && ExpectedFields.SequenceEqual(other.ExpectedFields, StringComparer.Ordinal)
        && SourceOfTruth.Count == other.SourceOfTruth.Count
        && SourceOfTruth.All(p => other.SourceOfTruth.TryGetValue(p.Key, out var o) && o == p.Value);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(LoggingEnabled, RecordingEnabled, TranscriptionEnabled, CrmConnected, ExpectedFields.Count, SourceOfTruth.Count, TranscriptGraceMinutes);

    private static string Clip(string? s) => s is null ? "" : s.Length <= 40 ? s : s[..40] + "…";
}

/// <summary>The system that owns a field's value.</summary>
public enum FieldOwner
{
    /// <summary>Callaro's end-of-call report.</summary>
    Callaro,
    /// <summary>The connected CRM.</summary>
    Crm,
}
