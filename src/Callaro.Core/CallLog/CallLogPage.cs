using Callaro.Core.Calls;

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
}
