namespace Callaro.Core.Ingestion;

/// <summary>
/// A valid event that the call's record cannot keep (it already holds as much of that kind as a record
/// keeps). Nothing of the event's call was written; retrying the same event gives the same answer.
/// </summary>
public sealed class CallRecordLimitException(string workspaceId, string callId, string field, string message) : Exception(message)
{
    /// <summary>The call's workspace.</summary>
    public string WorkspaceId { get; } = workspaceId;

    /// <summary>The call.</summary>
    public string CallId { get; } = callId;

    /// <summary>The event field that cannot be kept, as the core names it (e.g. <c>crm</c>).</summary>
    public string Field { get; } = field;
}
