using Callaro.Core.Calls;

namespace Callaro.Core.Health;

/// <summary>
/// The flat view of one call that the health report needs, and nothing more. Adapters map call records
/// (or a <c>$select</c>ed table entity) onto it so the report itself is a pure fold over these values.
/// </summary>
public sealed record ReportCall
{
    /// <summary>The call id.</summary>
    public required string CallId { get; init; }
    /// <summary>The campaign, or null for calls outside any campaign.</summary>
    public string? CampaignId { get; init; }
    /// <summary>The operator who had the call, when known.</summary>
    public string? OperatorId { get; init; }
    /// <summary>The call's status.</summary>
    public required CallStatus Status { get; init; }
    /// <summary>The direction, when known.</summary>
    public CallDirection? Direction { get; init; }
    /// <summary>The calling number (E.164 where it normalises, else as sent), when known.</summary>
    public string? Caller { get; init; }
    /// <summary>The called number (E.164 where it normalises, else as sent), when known.</summary>
    public string? Callee { get; init; }
    /// <summary>When the call started.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>When it was answered.</summary>
    public DateTimeOffset? AnsweredAt { get; init; }
    /// <summary>When it ended.</summary>
    public DateTimeOffset? EndedAt { get; init; }
    /// <summary>Conversation length in seconds (0 when unanswered).</summary>
    public int TalkSeconds { get; init; }
    /// <summary>The logged outcome (from <c>call.logged</c>), or null.</summary>
    public string? Outcome { get; init; }
    /// <summary>Whether a non-empty summary was logged.</summary>
    public bool HasSummary { get; init; }
    /// <summary>When the end-of-call report arrived, if it did.</summary>
    public DateTimeOffset? LoggedAt { get; init; }
    /// <summary>Captured field values, normalised to invariant text, for comparison with the CRM.</summary>
    public IReadOnlyDictionary<string, string>? Fields { get; init; }
    /// <summary>The transcript's state.</summary>
    public ReportAttachment Transcript { get; init; } = ReportAttachment.None;
    /// <summary>The recording's state.</summary>
    public ReportAttachment Recording { get; init; } = ReportAttachment.None;
    /// <summary>The latest CRM activity, or null when none was reported.</summary>
    public ReportCrmActivity? Crm { get; init; }
}

/// <summary>What is known of one attachment (transcript or recording) of a call.</summary>
/// <param name="State">Whether it arrived and could be read.</param>
/// <param name="At">When it was attached.</param>
/// <param name="Reason">Why it is unreadable, when it is.</param>
public sealed record ReportAttachment(ReportAttachmentState State, DateTimeOffset? At = null, string? Reason = null)
{
    /// <summary>Nothing arrived.</summary>
    public static ReportAttachment None { get; } = new(ReportAttachmentState.None);
}

/// <summary>Attachment states the report distinguishes.</summary>
public enum ReportAttachmentState
{
    /// <summary>Nothing arrived (pending or missing depending on grace).</summary>
    None,
    /// <summary>Attached and readable.</summary>
    Available,
    /// <summary>Arrived but could not be read (bad JSON, wrong encoding...).</summary>
    Unreadable,
}

/// <summary>What Callaro sent to the CRM for a call and what the CRM held afterwards.</summary>
/// <param name="Succeeded">Whether the sync succeeded.</param>
/// <param name="At">When the activity was reported.</param>
/// <param name="Sent">Field values sent (invariant text); <c>outcome</c> compares with the logged outcome.</param>
/// <param name="Observed">Field values read back from the CRM afterwards, when known.</param>
/// <param name="Error">The CRM's error for a failed sync.</param>
public sealed record ReportCrmActivity(
    bool Succeeded,
    DateTimeOffset? At,
    IReadOnlyDictionary<string, string>? Sent,
    IReadOnlyDictionary<string, string>? Observed,
    string? Error = null);
