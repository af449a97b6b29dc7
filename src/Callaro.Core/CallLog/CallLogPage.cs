using Callaro.Core.Calls;
using Callaro.Core.Settings;

namespace Callaro.Core.CallLog;

/// <summary>A page of the call log, newest first, with cursors to the neighbouring pages.</summary>
/// <param name="Items">The rows, newest first.</param>
/// <param name="NextCursor">Continues with older calls; null when there are none in the range.</param>
/// <param name="PrevCursor">Continues with newer calls; null on the newest page.</param>
/// <param name="EntitiesRead">Table entities read to build this page (a cost figure for tests and benchmarks).</param>
public sealed record CallLogPage(IReadOnlyList<CallLogItem> Items, string? NextCursor, string? PrevCursor, int EntitiesRead);

/// <summary>One call as the log lists it.</summary>
public sealed record CallLogItem
{
    /// <summary>The call as the log lists it, from its record.</summary>
    /// <exception cref="ArgumentException">The record has no status yet: it is not in the log.</exception>
    public static CallLogItem Of(CallRecord record) => new()
    {
        CallId = record.CallId,
        Direction = record.Direction,
        Caller = record.Caller,
        Callee = record.Callee,
        CallerE164 = PhoneNumber.ToE164(record.Caller),
        CalleeE164 = PhoneNumber.ToE164(record.Callee),
        Status = record.Status ?? throw new ArgumentException($"Call {record.CallId} has no status yet.", nameof(record)),
        DurationSeconds = record.DurationSeconds,
        StartedAt = record.StartedAt,
        AnsweredAt = record.AnsweredAt,
        EndedAt = record.EndedAt,
        ProviderStatus = record.ProviderStatus,
        FailureReason = record.FailureReason,
        OperatorId = record.OperatorId,
        CampaignId = record.CampaignId,
        HasRecording = record.HasRecording,
        HasTranscript = record.HasTranscript,
        Outcome = record.Report?.Outcome,
        DealId = record.DealId,
        Logging = LoggingFacts.Of(record),
    };

    /// <summary>The call id.</summary>
    public required string CallId { get; init; }
    /// <summary>Direction, when known.</summary>
    public CallDirection? Direction { get; init; }
    /// <summary>Calling party.</summary>
    public string? Caller { get; init; }
    /// <summary>Called party.</summary>
    public string? Callee { get; init; }
    /// <summary>The status the log shows.</summary>
    public CallStatus Status { get; init; }
    /// <summary>Missed or failed.</summary>
    public bool Alert => Status is CallStatus.Missed or CallStatus.Failed;
    /// <summary>Conversation duration (0 for missed and failed).</summary>
    public int DurationSeconds { get; init; }
    /// <summary>When the call started.</summary>
    public DateTimeOffset StartedAt { get; init; }
    /// <summary>A recording is attached.</summary>
    public bool HasRecording { get; init; }
    /// <summary>A transcript is attached.</summary>
    public bool HasTranscript { get; init; }
    /// <summary>The outcome from the end-of-call report, when known.</summary>
    public string? Outcome { get; init; }
    /// <summary>The deal the call belongs to, when any.</summary>
    public string? DealId { get; init; }
    /// <summary>The caller's E.164 form, when the caller is a phone number (<see cref="PhoneNumber.ToE164"/>).</summary>
    public string? CallerE164 { get; init; }
    /// <summary>The callee's E.164 form, when the callee is a phone number.</summary>
    public string? CalleeE164 { get; init; }
    /// <summary>When it was answered, if it was.</summary>
    public DateTimeOffset? AnsweredAt { get; init; }
    /// <summary>When it ended, if it has.</summary>
    public DateTimeOffset? EndedAt { get; init; }
    /// <summary>The provider's own status word.</summary>
    public string? ProviderStatus { get; init; }
    /// <summary>SIP code or hang-up cause of a missed or failed call.</summary>
    public string? FailureReason { get; init; }
    /// <summary>The operator, when known.</summary>
    public string? OperatorId { get; init; }
    /// <summary>The campaign (queue), when known.</summary>
    public string? CampaignId { get; init; }
    /// <summary>What arrived for the call, for judging its logging; null on rows stored before rows carried it.</summary>
    public LoggingFacts? Logging { get; init; }

    /// <summary>The reason a missed or failed call was not answered, in words (<see cref="MissedCallReason"/>).</summary>
    public string? Reason => MissedCallReason.Describe(Status, ProviderStatus, FailureReason);

    /// <summary>How long it rang: start to answer, or start to end for a call nobody answered; null while unknown.</summary>
    public int? RingSeconds => (AnsweredAt ?? (Alert ? EndedAt : null)) is { } stop
        ? (int)Math.Max(0, Math.Round((stop - StartedAt).TotalSeconds, MidpointRounding.AwayFromZero))
        : null;

    /// <summary>
    /// The other party a follow-up would reach: the caller of an incoming call, the callee of an outgoing one;
    /// null for internal calls, which nobody calls back.
    /// </summary>
    public string? Counterpart => Direction switch
    {
        CallDirection.Internal => null,
        CallDirection.Outgoing => Callee,
        _ => Caller,
    };
}
