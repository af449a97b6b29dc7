using System.Text.Json;

namespace Callaro.Core.Settings;

/// <summary>
/// What a campaign expects to be logged after each call. The health report counts completeness only for
/// enabled features, and the call detail tells "not enabled" from "pending" (within grace) from "missing".
/// </summary>
public sealed record CampaignSettings
{
    /// <summary>What a campaign nobody configured expects: the end-of-call report only.</summary>
    public static CampaignSettings Default { get; } = new();

    /// <summary>End-of-call report (outcome, summary, extracted fields) expected.</summary>
    public bool LoggingEnabled { get; init; } = true;
    /// <summary>Recordings expected.</summary>
    public bool RecordingEnabled { get; init; }
    /// <summary>Transcripts expected.</summary>
    public bool TranscriptionEnabled { get; init; }
    /// <summary>CRM activity expected.</summary>
    public bool CrmConnected { get; init; }
    /// <summary>Names of fields a good call captures.</summary>
    public IReadOnlyList<string> ExpectedFields { get; init; } = [];
    /// <summary>Which system owns each field: <c>callaro</c> or <c>crm</c> (unlisted fields: callaro).</summary>
    public IReadOnlyDictionary<string, string> SourceOfTruth { get; init; } = new Dictionary<string, string>();
    /// <summary>Minutes after the call ends a transcript may still arrive.</summary>
    public int TranscriptGraceMinutes { get; init; } = 120;
    /// <summary>Minutes after the call ends a recording may still arrive.</summary>
    public int RecordingGraceMinutes { get; init; } = 60;
    /// <summary>Minutes after the call ends CRM activity may still arrive.</summary>
    public int CrmGraceMinutes { get; init; } = 60;
    /// <summary>Minutes after the call ends the end-of-call report may still arrive.</summary>
    public int ReportGraceMinutes { get; init; } = 30;

    /// <summary>The JSON property names, as the API spells them.</summary>
    public static IReadOnlyList<string> FieldNames { get; } =
    [
        "loggingEnabled", "recordingEnabled", "transcriptionEnabled", "crmConnected", "expectedFields", "sourceOfTruth",
        "transcriptGraceMinutes", "recordingGraceMinutes", "crmGraceMinutes", "reportGraceMinutes",
    ];

    /// <summary>The owner word for Callaro-owned fields.</summary>
    public const string Callaro = "callaro";
    /// <summary>The owner word for CRM-owned fields.</summary>
    public const string Crm = "crm";

    /// <summary>
    /// Reads settings from a JSON object (a PUT body: absent members take their defaults), rejecting unknown
    /// members, wrong types, negative grace periods and unknown owners. Errors are keyed by member name.
    /// </summary>
    public static (CampaignSettings? Settings, IReadOnlyDictionary<string, string[]> Errors) Parse(JsonElement json)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors[""] = ["The body must be a JSON object with the campaign's settings."];
            return (null, errors);
        }

        var s = Default;
        foreach (var member in json.EnumerateObject())
        {
            var v = member.Value;
            void Error(string message) => errors[member.Name] = [message];
            bool? Flag() => v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : Fail<bool?>(() => Error("Expected true or false."));
            int? Minutes() => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var m)
                ? m >= 0 && m <= 10080 ? m : Fail<int?>(() => Error("A grace period is a whole number of minutes from 0 to 10080 (a week)."))
                : Fail<int?>(() => Error("Expected a whole number of minutes."));

            switch (member.Name)
            {
                case "loggingEnabled": if (Flag() is { } a) s = s with { LoggingEnabled = a }; break;
                case "recordingEnabled": if (Flag() is { } b) s = s with { RecordingEnabled = b }; break;
                case "transcriptionEnabled": if (Flag() is { } c) s = s with { TranscriptionEnabled = c }; break;
                case "crmConnected": if (Flag() is { } d) s = s with { CrmConnected = d }; break;
                case "transcriptGraceMinutes": if (Minutes() is { } t) s = s with { TranscriptGraceMinutes = t }; break;
                case "recordingGraceMinutes": if (Minutes() is { } r) s = s with { RecordingGraceMinutes = r }; break;
                case "crmGraceMinutes": if (Minutes() is { } m) s = s with { CrmGraceMinutes = m }; break;
                case "reportGraceMinutes": if (Minutes() is { } g) s = s with { ReportGraceMinutes = g }; break;
                case "expectedFields":
                    if (v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(f => f.ValueKind == JsonValueKind.String && IsFieldName(f.GetString())))
                        s = s with { ExpectedFields = v.EnumerateArray().Select(f => f.GetString()!).Distinct(StringComparer.Ordinal).ToList() };
                    else
                        Error("Expected a list of field names (non-empty strings of at most 100 characters).");
                    break;
                case "sourceOfTruth":
                    if (v.ValueKind == JsonValueKind.Object && v.EnumerateObject().All(p => IsFieldName(p.Name) && p.Value.GetString() is Callaro or Crm))
                        s = s with { SourceOfTruth = v.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal) };
                    else
                        Error("Expected an object mapping field names to \"callaro\" or \"crm\".");
                    break;
                default:
                    Error($"Unknown setting. The settings are: {string.Join(", ", FieldNames)}.");
                    break;
            }
        }
        return errors.Count == 0 ? (s, errors) : (null, errors);
    }

    private static T Fail<T>(Action report)
    {
        report();
        return default!;
    }

    private static bool IsFieldName(string? name) => !string.IsNullOrWhiteSpace(name) && name.Length <= 100;
}
