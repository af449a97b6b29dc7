namespace Callaro.Core.Calls;

/// <summary>
/// One call event in Callaro's canonical form. Provider payloads (Twilio, Vonage, Callaro's own) are
/// parsed into this at the edge; the core never sees provider formats.
/// </summary>
public sealed record CallEvent
{
    /// <summary>Unique per event; the deduplication key (for providers, derived from the payload).</summary>
    public required string EventId { get; init; }

    /// <summary>What happened.</summary>
    public required CallEventType Type { get; init; }

    /// <summary>When it happened, per the sender.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The call (for provider child legs: the parent call).</summary>
    public required string CallId { get; init; }

    /// <summary>The workspace the call belongs to.</summary>
    public string WorkspaceId { get; init; } = "default";

    /// <summary>Where the event came from: <c>callaro</c>, <c>twilio</c> or <c>vonage</c>.</summary>
    public required string Source { get; init; }

    /// <summary>When Callaro received it.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The provider's own status word (e.g. Twilio <c>no-answer</c>), kept beside the mapped status.</summary>
    public string? ProviderStatus { get; init; }

    /// <summary>Provider ordering hint (Twilio <c>SequenceNumber</c>); orders progress events of one call.</summary>
    public long? Sequence { get; init; }

    /// <summary>Optional campaign.</summary>
    public string? CampaignId { get; init; }
    /// <summary>Optional deal.</summary>
    public string? DealId { get; init; }
    /// <summary>Optional operator.</summary>
    public string? OperatorId { get; init; }
    /// <summary>Direction, when the sender said.</summary>
    public CallDirection? Direction { get; init; }
    /// <summary>Calling party (E.164 or extension).</summary>
    public string? Caller { get; init; }
    /// <summary>Called party (E.164 or extension).</summary>
    public string? Callee { get; init; }
    /// <summary>When the call started.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>When it was answered.</summary>
    public DateTimeOffset? AnsweredAt { get; init; }
    /// <summary>When it ended.</summary>
    public DateTimeOffset? EndedAt { get; init; }
    /// <summary>Conversation duration as reported by the sender.</summary>
    public int? DurationSeconds { get; init; }
    /// <summary>SIP code or hang-up cause.</summary>
    public string? FailureReason { get; init; }

    /// <summary>Recording details from a provider callback (<see cref="CallEventType.RecordingCompleted"/>).</summary>
    public ProviderRecording? Recording { get; init; }

    /// <summary>End-of-call report (<see cref="CallEventType.CallLogged"/>).</summary>
    public CallReport? Report { get; init; }

    /// <summary>CRM activity (<see cref="CallEventType.CrmActivity"/>).</summary>
    public CrmActivity? Crm { get; init; }

    /// <summary>
    /// A recording or transcript blob attached to the call (<see cref="CallEventType.RecordingAttached"/>,
    /// <see cref="CallEventType.TranscriptAttached"/>); a small summary, the attachment itself stays in
    /// the attachment store.
    /// </summary>
    public AttachedBlob? Attachment { get; init; }
}

/// <summary>Event types. Status events drive the call's status; the others attach information.</summary>
public enum CallEventType
{
    /// <summary><c>call.ringing</c></summary>
    Ringing,
    /// <summary><c>call.answered</c></summary>
    Answered,
    /// <summary><c>call.completed</c></summary>
    Completed,
    /// <summary><c>call.missed</c></summary>
    Missed,
    /// <summary><c>call.failed</c></summary>
    Failed,
    /// <summary><c>call.logged</c>: outcome, summary, extracted fields.</summary>
    CallLogged,
    /// <summary><c>crm.activity</c>: what was sent to the CRM.</summary>
    CrmActivity,
    /// <summary>A provider's recording callback (Twilio RecordingStatusCallback).</summary>
    RecordingCompleted,
    /// <summary>A recording blob was attached by the recording blob trigger (<see cref="CallEvent.Attachment"/>).</summary>
    RecordingAttached,
    /// <summary>A transcript blob was attached by the transcript blob trigger (<see cref="CallEvent.Attachment"/>).</summary>
    TranscriptAttached,
}

/// <summary>The five statuses the log shows.</summary>
public enum CallStatus
{
    /// <summary>Ringing, not answered yet.</summary>
    Ringing,
    /// <summary>In conversation.</summary>
    Answered,
    /// <summary>Answered and ended normally.</summary>
    Completed,
    /// <summary>Not answered (busy, no answer, cancelled...).</summary>
    Missed,
    /// <summary>Could not be placed or connected.</summary>
    Failed,
}

/// <summary>Call direction.</summary>
public enum CallDirection
{
    /// <summary>Into the workspace.</summary>
    Incoming,
    /// <summary>Out of the workspace.</summary>
    Outgoing,
    /// <summary>Between extensions.</summary>
    Internal,
}

/// <summary>Recording details a provider reports (Twilio RecordingSid, RecordingUrl, ...).</summary>
public sealed record ProviderRecording(string RecordingId, string? Url, int? DurationSeconds, int? Channels);

/// <summary>The end-of-call report: outcome, summary, extracted runtime values.</summary>
public sealed record CallReport(string? Outcome, string? Summary, IReadOnlyDictionary<string, CallFieldValue>? Fields);

/// <summary>An extracted value: exactly one of the typed members is set.</summary>
public sealed record CallFieldValue(string? Text = null, double? Number = null, bool? Flag = null, DateTimeOffset? Date = null);

/// <summary>What Callaro sent to a CRM for a call, and what the CRM held afterwards.</summary>
public sealed record CrmActivity(
    string System,
    string? RecordId,
    string Kind,
    bool Succeeded,
    string? Error,
    IReadOnlyDictionary<string, CallFieldValue>? Sent,
    IReadOnlyDictionary<string, CallFieldValue>? Observed);

/// <summary>Whether an attached blob could be used.</summary>
public enum AttachedBlobState
{
    /// <summary>Attached and readable.</summary>
    Available,
    /// <summary>Attached but unreadable (bad JSON, wrong encoding...); <see cref="AttachedBlob.UnreadableReason"/> says why.</summary>
    Unreadable,
}

/// <summary>
/// The summary of one attached blob version that the call record keeps, so the log and the health report
/// need not read the attachment store. The event's <c>occurredAt</c> is the blob version's Last-Modified,
/// so the newest version wins in the record's canonical order.
/// </summary>
/// <param name="State">Available or unreadable.</param>
/// <param name="ArrivedAt">When Callaro attached this version.</param>
/// <param name="Container">The blob's container.</param>
/// <param name="BlobName">The blob's name.</param>
/// <param name="ETag">The blob version's ETag.</param>
/// <param name="Language">A transcript's declared language, if any.</param>
/// <param name="WordCount">A readable transcript's word count.</param>
/// <param name="UnreadableReason">Why an unreadable transcript could not be read.</param>
public sealed record AttachedBlob(
    AttachedBlobState State,
    DateTimeOffset ArrivedAt,
    string Container,
    string BlobName,
    string ETag,
    string? Language = null,
    int? WordCount = null,
    string? UnreadableReason = null);
