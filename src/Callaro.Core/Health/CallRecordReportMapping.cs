using System.Globalization;
using Callaro.Core.Calls;

namespace Callaro.Core.Health;

/// <summary>The thin adapter from a stored <see cref="CallRecord"/> (plus its attachments) to a <see cref="ReportCall"/>.</summary>
public static class CallRecordReportMapping
{
    /// <summary>
    /// Projects a call with a status. Transcript and recording come from the record's blob attachments
    /// (folded in by the blob triggers); explicit <paramref name="transcript"/>/<paramref name="recording"/>
    /// override them. A provider recording callback counts as a recording when no blob is attached.
    /// </summary>
    /// <exception cref="ArgumentException">The record has no status yet (only attachment events): it is not in the log.</exception>
    public static ReportCall ToReportCall(CallRecord record, ReportAttachment? transcript = null, ReportAttachment? recording = null)
    {
        var status = record.Status ?? throw new ArgumentException($"Call {record.CallId} has no status yet.", nameof(record));
        var crm = record.CrmActivities.Count == 0 ? null : record.CrmActivities[^1];
        var loggedAt = record.History.LastOrDefault(h => h.Type == CallEventType.CallLogged)?.OccurredAt;
        var providerRecordingAt = record.History.LastOrDefault(h => h.Type == CallEventType.RecordingCompleted)?.OccurredAt;
        return new ReportCall
        {
            CallId = record.CallId,
            CampaignId = record.CampaignId,
            OperatorId = record.OperatorId,
            Status = status,
            Direction = record.Direction,
            Caller = Number(record.Caller),
            Callee = Number(record.Callee),
            StartedAt = record.StartedAt,
            AnsweredAt = record.AnsweredAt,
            EndedAt = record.EndedAt,
            TalkSeconds = record.DurationSeconds,
            Outcome = record.Report?.Outcome,
            HasSummary = !string.IsNullOrWhiteSpace(record.Report?.Summary),
            LoggedAt = loggedAt,
            Fields = Text(record.Report?.Fields),
            Transcript = transcript ?? Attachment(record.AttachedTranscript),
            Recording = recording is { State: not ReportAttachmentState.None } ? recording
                : record.AttachedRecording is { } blob ? Attachment(blob)
                : record.Recording is not null ? new ReportAttachment(ReportAttachmentState.Available, providerRecordingAt)
                : ReportAttachment.None,
            Crm = crm is null ? null : new ReportCrmActivity(crm.Activity.Succeeded, crm.OccurredAt,
                Text(crm.Activity.Sent), Text(crm.Activity.Observed), crm.Activity.Error),
        };
    }

    private static string? Number(string? sent) => sent is null ? null : PhoneNumber.ToE164(sent) ?? sent;

    private static ReportAttachment Attachment(AttachedBlob? blob) => blob is null ? ReportAttachment.None
        : new ReportAttachment(blob.State == AttachedBlobState.Unreadable ? ReportAttachmentState.Unreadable : ReportAttachmentState.Available,
            blob.ArrivedAt, blob.UnreadableReason);

    /// <summary>Field values as invariant text, so "5000" sent equals 5000 logged.</summary>
    public static IReadOnlyDictionary<string, string>? Text(IReadOnlyDictionary<string, CallFieldValue>? fields) =>
        fields?.ToDictionary(f => f.Key, f => Text(f.Value), StringComparer.Ordinal);

    private static string Text(CallFieldValue v) =>
        v.Text ?? v.Number?.ToString("R", CultureInfo.InvariantCulture) ?? v.Flag?.ToString(CultureInfo.InvariantCulture).ToLowerInvariant()
        ?? v.Date?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? "";
}
