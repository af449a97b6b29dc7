namespace Callaro.Functions.CallLog;

/// <summary>Everything logged for one call, as the detail and deal pages show it.</summary>
public sealed record CallDetailView
{
    public required string CallId { get; init; }
    public required string Workspace { get; init; }
    public string? CampaignId { get; init; }
    public string? DealId { get; init; }
    public string? OperatorId { get; init; }
    public string? Direction { get; init; }
    public string? Caller { get; init; }
    public string? Callee { get; init; }
    public required string Status { get; init; }
    public string? ProviderStatus { get; init; }
    public string? Provider { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public int DurationSeconds { get; init; }
    public string? FailureReason { get; init; }
    /// <summary>Why a missed or failed call was not answered, in words.</summary>
    public string? Reason { get; init; }
    /// <summary>How long a missed or failed call rang.</summary>
    public int? RingSeconds { get; init; }
    /// <summary>Whether a missed or failed call was called back; null for other calls, or where nobody judged it.</summary>
    public Callaro.Core.CallLog.FollowUp? FollowUp { get; init; }
    public IReadOnlyList<CallHistoryView> History { get; init; } = [];
    public string? Outcome { get; init; }
    public string? Summary { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; init; } = [];
    public CallRecordingView? Recording { get; init; }
    public CallTranscriptView? Transcript { get; init; }
    public IReadOnlyList<CallCrmView> Crm { get; init; } = [];
    /// <summary>
    /// What was logged: outcome and summary, transcript, recording, CRM activity and each field, each logged, pending,
    /// missing, not enabled, unreadable or not expected, with the field's owner. Null where nobody judged it (hosts without settings).
    /// </summary>
    public Callaro.Functions.Settings.CallCompletenessView? Logging { get; init; }
}

/// <summary>One applied event.</summary>
public sealed record CallHistoryView(string Type, DateTimeOffset OccurredAt, DateTimeOffset? ReceivedAt, string? Source);

/// <summary>A recording of the call: a file that arrived (with its details), or only the provider's report of one.</summary>
/// <param name="Attached">Whether the audio file arrived (only then can it be played or linked).</param>
/// <param name="ArrivedAt">When the file was attached.</param>
public sealed record CallRecordingView(bool Attached, string? ContentType, double? DurationSeconds, long? SizeBytes, int? Channels, DateTimeOffset? ArrivedAt);

/// <summary>A transcript attached to the call.</summary>
/// <param name="Problem">For an unreadable file, a sentence a manager understands ("The transcript file is not valid JSON.").</param>
/// <param name="Reason">For an unreadable file, the parser's detail (for the API and whoever fixes the file).</param>
public sealed record CallTranscriptView(string State, string? Language, int? WordCount, string? Preview, IReadOnlyList<CallTranscriptTurn> Turns,
    string? Problem, string? Reason = null, DateTimeOffset? ArrivedAt = null);

/// <summary>One speaker turn.</summary>
public sealed record CallTranscriptTurn(string? Speaker, double? StartSeconds, string Text);

/// <summary>One CRM activity.</summary>
public sealed record CallCrmView(string System, string? RecordId, string Kind, bool Succeeded, string? Error, IReadOnlyList<KeyValuePair<string, string>> Sent, IReadOnlyList<KeyValuePair<string, string>> Observed);

/// <summary>Reads calls for the detail and deal pages.</summary>
public interface ICallDetails
{
    /// <summary>The call, or null when the workspace has no call with that id.</summary>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    Task<CallDetailView?> GetCallAsync(string workspace, string callId, CancellationToken cancellationToken = default);

    /// <summary>The deal's calls in a workspace, newest first.</summary>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    Task<IReadOnlyList<CallDetailView>> GetDealCallsAsync(string workspace, string dealId, CancellationToken cancellationToken = default);
}
