namespace Callaro.Core.Calls;

/// <summary>One applied event in a call's compact history.</summary>
/// <param name="EventId">The event's id (unique per call).</param>
/// <param name="Type">What happened.</param>
/// <param name="OccurredAt">When it happened, per the sender (UTC).</param>
/// <param name="ReceivedAt">
/// The earliest time any delivery of this event reached Callaro (UTC). Taking the minimum over
/// deliveries keeps the stored record independent of which duplicate happened to be stored first.
/// </param>
/// <param name="Source">callaro, twilio or vonage.</param>
/// <param name="ProviderStatus">The provider's own status word, when it sent one.</param>
/// <param name="Sequence">The provider's sequence number, when it sent one.</param>
public sealed record CallHistoryEntry(
    string EventId,
    CallEventType Type,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    string Source,
    string? ProviderStatus,
    long? Sequence);

/// <summary>A CRM activity reported for the call, with the event that reported it.</summary>
/// <param name="EventId">The <c>crm.activity</c> event's id.</param>
/// <param name="OccurredAt">When it happened (UTC).</param>
/// <param name="Activity">What was sent and observed.</param>
public sealed record CallCrmEntry(string EventId, DateTimeOffset OccurredAt, CrmActivity Activity);
