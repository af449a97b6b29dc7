using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace Callaro.Core.Calls;

/// <summary>
/// The convergent state behind a <see cref="CallRecord"/>: every member is a join-semilattice (a pick by
/// <see cref="EventStamp"/>, a min, a max, a flag that only turns on, or a capped canonical set), so
/// <see cref="Absorb"/> and <see cref="Join"/> are commutative, associative and idempotent. That is what makes
/// the stored record independent of delivery order and duplicates. See docs/convergence.md.
/// </summary>
internal sealed record CallFacts
{
    public const int HistoryLimit = 50;
    public const int CrmLimit = 20;

    public required string WorkspaceId { get; init; }
    public required string CallId { get; init; }

    // Status: the best progress event, the latest completed event, the latest missed/failed event.
    public StatusPick? Progress { get; init; }
    public StatusPick? Completed { get; init; }
    public StatusPick? Alert { get; init; }
    public bool AnswerEvidence { get; init; }

    // Who called whom is settled by the earliest event that says so (child legs come later).
    public Pick<CallDirection>? Direction { get; init; }
    public Pick<string>? Caller { get; init; }
    public Pick<string>? Callee { get; init; }
    public Pick<string>? Source { get; init; }

    // Assignments may be made during the call: the latest event that says so wins.
    public Pick<string>? CampaignId { get; init; }
    public Pick<string>? DealId { get; init; }
    public Pick<string>? OperatorId { get; init; }
    public Pick<string>? FailureReason { get; init; }

    public DateTimeOffset? ExplicitStart { get; init; }
    public DateTimeOffset? FirstOccurred { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public int? ReportedDuration { get; init; }

    public Pick<CallReport>? Report { get; init; }
    public Pick<ProviderRecording>? Recording { get; init; }
    // Blob-trigger attachments: the latest event in canonical order (occurredAt = blob Last-Modified) wins.
    public Pick<AttachedBlob>? AttachedRecording { get; init; }
    public Pick<AttachedBlob>? AttachedTranscript { get; init; }
    public ImmutableArray<CallCrmEntry> Crm { get; init; } = [];
    public ImmutableArray<CallHistoryEntry> History { get; init; } = [];

    /// <summary>Every applied event: 64-bit fingerprint of its id -> its type. Uncapped, 9 bytes per event.</summary>
    public ImmutableSortedDictionary<ulong, CallEventType> Seen { get; init; } = ImmutableSortedDictionary<ulong, CallEventType>.Empty;

    public static CallFacts Empty(string workspaceId, string callId) => new() { WorkspaceId = workspaceId, CallId = callId };

    /// <summary>
    /// A stable fingerprint of an event id (SHA-256, first 8 bytes). string.GetHashCode is randomised per
    /// process and so cannot be stored; a 64-bit collision among one call's events is negligible.
    /// </summary>
    public static ulong Fingerprint(string eventId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(eventId), hash);
        return BitConverter.ToUInt64(hash[..8]);
    }

    public bool HasSeen(string eventId) => Seen.ContainsKey(Fingerprint(eventId));

    /// <summary>Adds one event. A duplicate only lowers its history entry's receivedAt; nothing else is re-applied.</summary>
    public CallFacts Absorb(CallEvent e)
    {
        var stamp = EventStamp.Of(e);
        var received = e.ReceivedAt.ToUniversalTime();
        var entry = new CallHistoryEntry(e.EventId, e.Type, stamp.OccurredAt, received, e.Source, e.ProviderStatus, e.Sequence);
        if (HasSeen(e.EventId))
            return this with { History = MergeHistory(History, [entry]) };

        var status = StatusOf(e.Type);
        var pick = status is { } s ? new StatusPick(s, e.ProviderStatus, e.Source, stamp) : null;
        var started = e.StartedAt?.ToUniversalTime();
        var answered = Min(e.AnsweredAt?.ToUniversalTime(), e.Type == CallEventType.Answered ? stamp.OccurredAt : null);
        var ended = Max(e.EndedAt?.ToUniversalTime(), status is CallStatus.Completed or CallStatus.Missed or CallStatus.Failed ? stamp.OccurredAt : null);

        return this with
        {
            Progress = pick is { Status: CallStatus.Ringing or CallStatus.Answered } ? StatusPick.Max(Progress, pick, StatusPick.CompareProgress) : Progress,
            Completed = pick is { Status: CallStatus.Completed } ? StatusPick.Max(Completed, pick, StatusPick.CompareTerminal) : Completed,
            Alert = pick is { Status: CallStatus.Missed or CallStatus.Failed } ? StatusPick.Max(Alert, pick, StatusPick.CompareTerminal) : Alert,
            AnswerEvidence = AnswerEvidence || e.Type == CallEventType.Answered || e.AnsweredAt is not null
                || (e.Type == CallEventType.Completed && e.DurationSeconds > 0),
            Direction = Pick<CallDirection>.Earlier(Direction, e.Direction is { } d ? new(d, stamp) : null),
            Caller = Pick<string>.Earlier(Caller, Of(e.Caller, stamp)),
            Callee = Pick<string>.Earlier(Callee, Of(e.Callee, stamp)),
            // A blob trigger is not the provider that carried the call.
            Source = IsBlobAttachment(e.Type) ? Source : Pick<string>.Earlier(Source, Of(e.Source, stamp)),
            CampaignId = Pick<string>.Later(CampaignId, Of(e.CampaignId, stamp)),
            DealId = Pick<string>.Later(DealId, Of(e.DealId, stamp)),
            OperatorId = Pick<string>.Later(OperatorId, Of(e.OperatorId, stamp)),
            FailureReason = Pick<string>.Later(FailureReason, Of(e.FailureReason, stamp)),
            ExplicitStart = Min(ExplicitStart, started),
            FirstOccurred = Min(FirstOccurred, stamp.OccurredAt),
            AnsweredAt = Min(AnsweredAt, answered),
            EndedAt = Max(EndedAt, ended),
            ReportedDuration = MaxInt(ReportedDuration, e.DurationSeconds),
            Report = Pick<CallReport>.Later(Report, e.Report is { } r ? new(CallContentBounds.Bound(r), stamp) : null),
            Recording = Pick<ProviderRecording>.Later(Recording, e.Recording is { } rec ? new(rec, stamp) : null),
            AttachedRecording = Pick<AttachedBlob>.Later(AttachedRecording, e.Type == CallEventType.RecordingAttached && e.Attachment is { } ar ? new(ar, stamp) : null),
            AttachedTranscript = Pick<AttachedBlob>.Later(AttachedTranscript, e.Type == CallEventType.TranscriptAttached && e.Attachment is { } at ? new(at, stamp) : null),
            Crm = e.Crm is { } crm ? MergeCrm(Crm, [new CallCrmEntry(e.EventId, stamp.OccurredAt, CallContentBounds.Bound(crm))]) : Crm,
            History = MergeHistory(History, [entry]),
            Seen = Seen.SetItem(Fingerprint(e.EventId), e.Type),
        };
    }

    /// <summary>The least upper bound of two states of the same call (used to repair an interrupted move).</summary>
    public CallFacts Join(CallFacts o) => this with
    {
        Progress = StatusPick.Max(Progress, o.Progress, StatusPick.CompareProgress),
        Completed = StatusPick.Max(Completed, o.Completed, StatusPick.CompareTerminal),
        Alert = StatusPick.Max(Alert, o.Alert, StatusPick.CompareTerminal),
        AnswerEvidence = AnswerEvidence || o.AnswerEvidence,
        Direction = Pick<CallDirection>.Earlier(Direction, o.Direction),
        Caller = Pick<string>.Earlier(Caller, o.Caller),
        Callee = Pick<string>.Earlier(Callee, o.Callee),
        Source = Pick<string>.Earlier(Source, o.Source),
        CampaignId = Pick<string>.Later(CampaignId, o.CampaignId),
        DealId = Pick<string>.Later(DealId, o.DealId),
        OperatorId = Pick<string>.Later(OperatorId, o.OperatorId),
        FailureReason = Pick<string>.Later(FailureReason, o.FailureReason),
        ExplicitStart = Min(ExplicitStart, o.ExplicitStart),
        FirstOccurred = Min(FirstOccurred, o.FirstOccurred),
        AnsweredAt = Min(AnsweredAt, o.AnsweredAt),
        EndedAt = Max(EndedAt, o.EndedAt),
        ReportedDuration = MaxInt(ReportedDuration, o.ReportedDuration),
        Report = Pick<CallReport>.Later(Report, o.Report),
        Recording = Pick<ProviderRecording>.Later(Recording, o.Recording),
        AttachedRecording = Pick<AttachedBlob>.Later(AttachedRecording, o.AttachedRecording),
        AttachedTranscript = Pick<AttachedBlob>.Later(AttachedTranscript, o.AttachedTranscript),
        Crm = MergeCrm(Crm, o.Crm),
        History = MergeHistory(History, o.History),
        Seen = Seen.SetItems(o.Seen),
    };

    public static CallStatus? StatusOf(CallEventType type) => type switch
    {
        CallEventType.Ringing => CallStatus.Ringing,
        CallEventType.Answered => CallStatus.Answered,
        CallEventType.Completed => CallStatus.Completed,
        CallEventType.Missed => CallStatus.Missed,
        CallEventType.Failed => CallStatus.Failed,
        _ => null,
    };

    /// <summary>
    /// The event whose status the call shows. Terminal beats progress. Among terminal events the latest
    /// wins (ties: failed &gt; missed &gt; completed) — except that "completed" for a call nobody answered
    /// is only the end of the signalling, so a missed/failed event then wins.
    /// </summary>
    public StatusPick? StatusWinner()
    {
        if (Completed is null && Alert is null) return Progress;
        if (Alert is null) return Completed;
        if (Completed is null || !AnswerEvidence) return Alert;
        return StatusPick.Max(Completed, Alert, StatusPick.CompareTerminal);
    }

    public static bool IsBlobAttachment(CallEventType type) => type is CallEventType.RecordingAttached or CallEventType.TranscriptAttached;

    private static Pick<string>? Of(string? value, EventStamp stamp) => string.IsNullOrEmpty(value) ? null : new(value, stamp);
    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : b < a ? b : a;
    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : b > a ? b : a;
    private static int? MaxInt(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static EventStamp StampOf(CallHistoryEntry h) => new(h.OccurredAt, h.Sequence, h.EventId);

    /// <summary>Union by event id (min receivedAt), canonical order, first <see cref="HistoryLimit"/>.</summary>
    internal static ImmutableArray<CallHistoryEntry> MergeHistory(ImmutableArray<CallHistoryEntry> a, IEnumerable<CallHistoryEntry> b) =>
        [.. a.Concat(b)
            .GroupBy(h => h.EventId, StringComparer.Ordinal)
            .Select(g => g.Aggregate((x, y) => y.ReceivedAt < x.ReceivedAt ? x with { ReceivedAt = y.ReceivedAt } : x))
            .OrderBy(StampOf)
            .Take(HistoryLimit)];

    /// <summary>Union by event id, canonical order, first <see cref="CrmLimit"/>.</summary>
    internal static ImmutableArray<CallCrmEntry> MergeCrm(ImmutableArray<CallCrmEntry> a, IEnumerable<CallCrmEntry> b) =>
        [.. a.Concat(b)
            .GroupBy(c => c.EventId, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(c => c.OccurredAt.UtcTicks).ThenBy(c => c.EventId, StringComparer.Ordinal)
            .Take(CrmLimit)];
}
