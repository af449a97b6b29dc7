namespace Callaro.Simulator.Planning;

/// <summary>Which sender plays the call: Callaro's own events or a telephony provider's callbacks.</summary>
internal enum Provider { Callaro, Twilio, Vonage }

internal enum Direction { Incoming, Outgoing, Internal }

/// <summary>How the call ends; the log status the app must converge to.</summary>
internal enum Outcome { Completed, Missed, Failed }

/// <summary>Why an unanswered call was missed; each provider spells these its own way.</summary>
internal enum MissReason { NoAnswer, Busy, Cancelled, Rejected, Timeout }

/// <summary>
/// Provider-neutral steps of a call. <see cref="Started"/> is Vonage's first event; <see cref="Logged"/>
/// and <see cref="CrmActivity"/> are Callaro's end-of-call report and CRM activity.
/// </summary>
internal enum EventKind { Started, Ringing, Answered, Completed, Missed, Failed, Logged, CrmActivity }

/// <summary>One event as the sender will emit it. <paramref name="Sequence"/> is its position in the call's own order.</summary>
internal sealed record PlannedEvent(EventKind Kind, DateTimeOffset OccurredAt, string EventId, int Sequence);

/// <summary>End-of-call report attached to some completed Callaro calls.</summary>
internal sealed record PlannedReport(
    string Outcome,
    string Summary,
    IReadOnlyDictionary<string, object> Fields,
    string CrmSystem,
    string CrmRecordId,
    string CrmKind,
    bool CrmSucceeded,
    string? CrmError);

/// <summary>
/// The ground truth for one call: what was "said" on the phone and what the log must show for it.
/// </summary>
internal sealed record PlannedCall
{
    public required int Index { get; init; }
    public required Provider Provider { get; init; }

    /// <summary>The id the log is expected to know the call by (Twilio CallSid, Vonage uuid, Callaro callId).</summary>
    public required string CallId { get; init; }

    /// <summary>Another id the app may reasonably key the call on (Vonage conversation_uuid); null otherwise.</summary>
    public string? AlternateCallId { get; init; }

    public required string Workspace { get; init; }
    public required Direction Direction { get; init; }
    public required string Caller { get; init; }
    public required string Callee { get; init; }
    public required Outcome Outcome { get; init; }
    public MissReason? MissReason { get; init; }

    /// <summary>SIP response code of a failed call (e.g. 404, 503).</summary>
    public int? SipCode { get; init; }

    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>Conversation length, answer to end; 0 for missed and failed calls.</summary>
    public required int TalkSeconds { get; init; }

    public string? CampaignId { get; init; }
    public string? DealId { get; init; }
    public string? OperatorId { get; init; }
    public PlannedReport? Report { get; init; }

    public required IReadOnlyList<PlannedEvent> Events { get; init; }

    /// <summary>The status <c>GET /api/calls/{callId}</c> must answer once every event is in.</summary>
    public string ExpectedStatus => Outcome switch
    {
        Outcome.Completed => "completed",
        Outcome.Missed => "missed",
        _ => "failed",
    };
}
