using Callaro.Core.Calls;

namespace Callaro.Core.Settings;

/// <summary>
/// What arrived for a call, without the settings that say what was expected: enough for
/// <see cref="AttachmentStates.HasGaps"/> to judge the call the way <see cref="AttachmentStates.Evaluate(CallRecord, CampaignSettings, DateTimeOffset, AttachmentArrivals?)"/>
/// does. The call log's rows carry these facts, so a list can be filtered on "logging incomplete" under the settings of
/// the moment it is read, without reading each call's record.
/// </summary>
/// <param name="Status">The call's status; null while its status events have not arrived.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="AnsweredAt">When it was answered, if it was.</param>
/// <param name="EndedAt">When it ended, if it has.</param>
/// <param name="Report">The end-of-call report holds both an outcome and a summary.</param>
/// <param name="Recording">A recording arrived (provider callback or blob).</param>
/// <param name="Transcript">A transcript arrived, readable or not.</param>
/// <param name="TranscriptUnreadable">The transcript that arrived could not be read.</param>
/// <param name="Crm">At least one CRM write succeeded.</param>
/// <param name="Fields">Names of the fields that hold a value, from the report or a successful CRM write.</param>
public sealed record LoggingFacts(
    CallStatus? Status, DateTimeOffset StartedAt, DateTimeOffset? AnsweredAt, DateTimeOffset? EndedAt,
    bool Report, bool Recording, bool Transcript, bool TranscriptUnreadable, bool Crm, IReadOnlySet<string> Fields)
{
    /// <summary>The facts of a record, with the blobs that arrived for it (none when null).</summary>
    public static LoggingFacts Of(CallRecord record, AttachmentArrivals? arrivals = null)
    {
        arrivals ??= AttachmentArrivals.None;
        var report = record.Report;
        var transcript = arrivals.TranscriptAttached || record.AttachedTranscript is not null;
        var unreadable = arrivals.TranscriptAttached
            ? arrivals.TranscriptUnreadableReason is not null
            : record.AttachedTranscript is { State: AttachedBlobState.Unreadable };
        return new(record.Status, record.StartedAt, record.AnsweredAt, record.EndedAt,
            HasText(report?.Outcome) && HasText(report?.Summary),
            arrivals.RecordingAttached || record.HasRecording,
            transcript, unreadable,
            record.CrmActivities.Any(a => a.Activity.Succeeded),
            FieldNames(record));
    }

    /// <summary>Every field name holding a value: reported, or sent to / read back from the CRM by a successful write.</summary>
    public static IReadOnlySet<string> FieldNames(CallRecord record)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in record.Report?.Fields ?? new Dictionary<string, CallFieldValue>())
            if (AttachmentStates.HasValue(value)) names.Add(name);
        foreach (var entry in record.CrmActivities.Where(a => a.Activity.Succeeded))
        {
            foreach (var (name, value) in entry.Activity.Sent ?? new Dictionary<string, CallFieldValue>())
                if (AttachmentStates.HasValue(value)) names.Add(name);
            foreach (var (name, value) in entry.Activity.Observed ?? new Dictionary<string, CallFieldValue>())
                if (AttachmentStates.HasValue(value)) names.Add(name);
        }
        return names;
    }

    /// <summary>
    /// What arrived as stored on a log row: space-separated words (<c>report recording transcript unreadable crm</c>),
    /// empty when nothing did; the field names are stored apart (<see cref="FieldList"/>).
    /// </summary>
    public string Words() => string.Join(" ", new[]
    {
        Report ? "report" : null, Recording ? "recording" : null, Transcript ? "transcript" : null,
        TranscriptUnreadable ? "unreadable" : null, Crm ? "crm" : null,
    }.OfType<string>());

    /// <summary>The field names as stored on a log row: one per line, in ordinal order; null when there are none.</summary>
    public string? FieldList() => Fields.Count == 0 ? null : string.Join("\n", Fields.Order(StringComparer.Ordinal));

    /// <summary>
    /// The facts a log row carries, or null for a row written before rows carried them (<paramref name="words"/> absent).
    /// </summary>
    public static LoggingFacts? FromRow(string? words, string? fieldList, CallStatus? status, DateTimeOffset startedAt, DateTimeOffset? answeredAt, DateTimeOffset? endedAt)
    {
        if (words is null) return null;
        var set = words.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var fields = fieldList is null ? [] : fieldList.Split('\n').ToHashSet(StringComparer.Ordinal);
        return new(status, startedAt, answeredAt, endedAt,
            set.Contains("report"), set.Contains("recording"), set.Contains("transcript"), set.Contains("unreadable"), set.Contains("crm"), fields);
    }

    /// <summary>Equal when every fact is equal (field names as a set).</summary>
    public bool Equals(LoggingFacts? other) =>
        other is not null && Status == other.Status && StartedAt == other.StartedAt && AnsweredAt == other.AnsweredAt && EndedAt == other.EndedAt
        && Report == other.Report && Recording == other.Recording && Transcript == other.Transcript
        && TranscriptUnreadable == other.TranscriptUnreadable && Crm == other.Crm && Fields.SetEquals(other.Fields);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Status, StartedAt, Report, Recording, Transcript, Crm, Fields.Count);

    private static bool HasText(string? s) => !string.IsNullOrWhiteSpace(s);
}
