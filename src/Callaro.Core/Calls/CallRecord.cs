namespace Callaro.Core.Calls;

/// <summary>
/// Everything logged about one call, folded from its events. Immutable: <see cref="Apply"/> returns a new
/// record. The fold is deterministic: any order and any number of deliveries of the same set of events
/// yields the same record (the rules are in docs/convergence.md):
/// <list type="bullet">
/// <item>Status: terminal (completed, missed, failed) beats progress (ringing, answered). Among terminal
/// events the one with the latest occurredAt wins, ties broken failed &gt; missed &gt; completed, then by
/// sequence and event id; but a "completed" for a call with no sign of being answered does not hide a
/// missed/failed event. Among progress events answered beats ringing, then provider sequence, occurredAt,
/// event id.</item>
/// <item>Who called whom (direction, caller, callee) and the provider come from the earliest event that
/// states them; campaign, deal, operator and failure reason from the latest (canonical order: occurredAt,
/// sequence, event id) — never from the last delivered.</item>
/// <item>startedAt is the earliest explicit start, else the earliest event time; answeredAt the earliest
/// answer; endedAt the latest end.</item>
/// <item>History is deduplicated by event id, sorted canonically, and capped at the first
/// <see cref="HistoryLimit"/> entries; <see cref="EventCount"/> counts every distinct event.</item>
/// </list>
/// </summary>
public sealed class CallRecord
{
    /// <summary>How many history entries are kept (the canonical first ones).</summary>
    public const int HistoryLimit = CallFacts.HistoryLimit;

    /// <summary>How many CRM activities are kept (the canonical first ones).</summary>
    public const int CrmLimit = CallFacts.CrmLimit;

    internal CallFacts Facts { get; }
    private readonly StatusPick? _winner;

    internal CallRecord(CallFacts facts)
    {
        Facts = facts;
        _winner = facts.StatusWinner();
    }

    /// <summary>A record with no events yet.</summary>
    public static CallRecord Empty(string workspaceId, string callId) => new(CallFacts.Empty(workspaceId, callId));

    /// <summary>Folds events into a new record (equivalent to <see cref="Apply"/> one by one, in any order).</summary>
    /// <exception cref="ArgumentException">The events belong to different calls.</exception>
    public static CallRecord Fold(IEnumerable<CallEvent> events)
    {
        CallRecord? record = null;
        foreach (var e in events)
            record = (record ?? Empty(e.WorkspaceId, e.CallId)).Apply(e);
        return record ?? throw new ArgumentException("At least one event is needed to fold a call record.", nameof(events));
    }

    /// <summary>Applies one event. A duplicate (same event id) changes at most its history entry's receivedAt.</summary>
    /// <exception cref="ArgumentException">The event belongs to another call or workspace.</exception>
    public CallRecord Apply(CallEvent callEvent)
    {
        if (!string.Equals(callEvent.CallId, CallId, StringComparison.Ordinal) || !string.Equals(callEvent.WorkspaceId, WorkspaceId, StringComparison.Ordinal))
            throw new ArgumentException($"Event {callEvent.EventId} belongs to call {callEvent.WorkspaceId}/{callEvent.CallId}, not {WorkspaceId}/{CallId}.", nameof(callEvent));
        return new CallRecord(Facts.Absorb(callEvent));
    }

    /// <summary>Combines two records of the same call as if all their events had been applied to one.</summary>
    /// <exception cref="ArgumentException">The records are of different calls.</exception>
    public CallRecord Merge(CallRecord other)
    {
        if (other.CallId != CallId || other.WorkspaceId != WorkspaceId)
            throw new ArgumentException("Only records of the same call can be merged.", nameof(other));
        return new CallRecord(Facts.Join(other.Facts));
    }

    /// <summary>Whether an event with this id has been applied.</summary>
    public bool HasApplied(string eventId) => Facts.HasSeen(eventId);

    /// <summary>The call's id (for provider child legs, the parent call).</summary>
    public string CallId => Facts.CallId;
    /// <summary>The workspace.</summary>
    public string WorkspaceId => Facts.WorkspaceId;
    /// <summary>The campaign, when an event named one.</summary>
    public string? CampaignId => Facts.CampaignId?.Value;
    /// <summary>The deal, when an event named one.</summary>
    public string? DealId => Facts.DealId?.Value;
    /// <summary>The operator, when an event named one.</summary>
    public string? OperatorId => Facts.OperatorId?.Value;
    /// <summary>Direction, when an event said.</summary>
    public CallDirection? Direction => Facts.Direction?.Value;
    /// <summary>Calling party.</summary>
    public string? Caller => Facts.Caller?.Value;
    /// <summary>Called party.</summary>
    public string? Callee => Facts.Callee?.Value;

    /// <summary>
    /// One of the five statuses; null while only attachment events (report, CRM, recording, transcript) are known —
    /// such a call has no log row yet.
    /// </summary>
    public CallStatus? Status => _winner?.Status;
    /// <summary>The provider's own status word of the event that decided <see cref="Status"/>.</summary>
    public string? ProviderStatus => _winner?.ProviderStatus;
    /// <summary>True for missed and failed calls: they appear in the alert view.</summary>
    public bool IsAlert => Status is CallStatus.Missed or CallStatus.Failed;
    /// <summary>The provider that carried the call: the source of its earliest event.</summary>
    public string? Source => Facts.Source?.Value;

    /// <summary>The earliest explicit start, else the earliest event time (UTC).</summary>
    public DateTimeOffset StartedAt => Facts.ExplicitStart ?? Facts.FirstOccurred ?? DateTimeOffset.MinValue;
    /// <summary>The earliest answer (UTC).</summary>
    public DateTimeOffset? AnsweredAt => Facts.AnsweredAt;
    /// <summary>The latest end (UTC).</summary>
    public DateTimeOffset? EndedAt => Facts.EndedAt;

    /// <summary>
    /// Conversation time in whole seconds: 0 for missed and failed calls and for calls not yet ended. For a
    /// completed call, the largest duration a provider reported whenever one was reported — webhook
    /// timestamps are send times and drift from the provider's own measurement, which is what its console
    /// and bill show — else answer to end when both are known, else 0.
    /// </summary>
    public int DurationSeconds => Status switch
    {
        CallStatus.Completed when Facts.ReportedDuration is { } reported => reported,
        CallStatus.Completed when AnsweredAt is { } a && EndedAt is { } e => (int)Math.Max(0, Math.Round((e - a).TotalSeconds, MidpointRounding.AwayFromZero)),
        _ => 0,
    };

    /// <summary>SIP code or hang-up cause; only for missed and failed calls.</summary>
    public string? FailureReason => IsAlert ? Facts.FailureReason?.Value : null;

    /// <summary>The end-of-call report (outcome, summary, fields), latest by occurredAt.</summary>
    public CallReport? Report => Facts.Report?.Value;
    /// <summary>The provider's recording details, latest by occurredAt.</summary>
    public ProviderRecording? Recording => Facts.Recording?.Value;
    /// <summary>The recording blob attached by the blob trigger: the newest version (latest Last-Modified, then event id).</summary>
    public AttachedBlob? AttachedRecording => Facts.AttachedRecording?.Value;
    /// <summary>The transcript blob attached by the blob trigger (available or unreadable): the newest version.</summary>
    public AttachedBlob? AttachedTranscript => Facts.AttachedTranscript?.Value;
    /// <summary>Whether a recording is known, from the provider's callback or a blob.</summary>
    public bool HasRecording => Recording is not null || AttachedRecording is not null;
    /// <summary>Whether a readable transcript is attached (an unreadable one is not something to open).</summary>
    public bool HasTranscript => AttachedTranscript is { State: AttachedBlobState.Available };
    /// <summary>CRM activities, canonical order, at most <see cref="CrmLimit"/>.</summary>
    public IReadOnlyList<CallCrmEntry> CrmActivities => Facts.Crm;
    /// <summary>How many distinct CRM activities were reported (may exceed the kept list).</summary>
    public int CrmActivityCount => Facts.Seen.Values.Count(t => t == CallEventType.CrmActivity);

    /// <summary>Applied events in canonical order (occurredAt, sequence, event id), at most <see cref="HistoryLimit"/>.</summary>
    public IReadOnlyList<CallHistoryEntry> History => Facts.History;
    /// <summary>How many distinct events were applied (may exceed the kept history).</summary>
    public int EventCount => Facts.Seen.Count;
}
