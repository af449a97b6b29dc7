using Callaro.Core.Ingestion;

namespace Callaro.Core.Calls;

/// <summary>
/// What one call record may hold, so that its entity always fits Table Storage's limits (1 MiB per entity,
/// 64 KiB per property: the state is split into 30,000-character properties) and a call keeps accepting
/// its status events however much else was sent for it:
/// <list type="bullet">
/// <item>free-form content is cut per event (<see cref="CallContentBounds"/>), and a record keeps at most
/// <see cref="CallRecord.CrmLimit"/> CRM activities and <see cref="CallRecord.HistoryLimit"/> history entries;</item>
/// <item>an event other than a status event (report, CRM activity, recording, attachment) is refused when
/// the record would grow past <see cref="ContentBytes"/>, which leaves <see cref="StatusReserveBytes"/>
/// for what status events alone can still add (a full history, the status picks, and the fingerprints of
/// up to <see cref="MaxEvents"/> events);</item>
/// <item>a call takes at most <see cref="MaxEvents"/> distinct events.</item>
/// </list>
/// </summary>
public static class CallRecordLimits
{
    /// <summary>The largest record entity written; Table Storage's limit is 1,048,576 bytes.</summary>
    public const long MaxRecordBytes = 1_000_000;

    /// <summary>Room kept for status events only: worst-case history, status picks and event fingerprints.</summary>
    public const long StatusReserveBytes = 450_000;

    /// <summary>The size up to which other events are still taken.</summary>
    public const long ContentBytes = MaxRecordBytes - StatusReserveBytes;

    /// <summary>Distinct events one call takes (no real call comes near; each costs 12 stored characters).</summary>
    public const int MaxEvents = 5_000;

    /// <summary>The record entity's size in bytes as Table Storage counts it (the longest partition key and time zone id assumed).</summary>
    public static long RecordBytes(CallRecord record) => CallProjection.WorstCaseRecordBytes(record);

    /// <summary>Refuses events the record cannot keep; called with the record before and after applying them.</summary>
    /// <exception cref="CallRecordLimitException">The events would take the record past a limit; nothing was written.</exception>
    internal static void ThrowIfUnkeepable(CallRecord before, CallRecord after, IReadOnlyList<CallEvent> events)
    {
        if (after.EventCount == before.EventCount)
        {
            return; // duplicates only: nothing grows
        }

        if (after.EventCount > MaxEvents)
        {
            throw new CallRecordLimitException(after.WorkspaceId, after.CallId, "callId",
                $"Call {after.CallId} already holds {MaxEvents:N0} events, the most one call keeps; this delivery's new events were not stored.");
        }

        var bytes = RecordBytes(after);
        var content = events.FirstOrDefault(e => CallFacts.StatusOf(e.Type) is null && !before.HasApplied(e.EventId));
        if (content is not null && bytes > ContentBytes)
        {
            throw new CallRecordLimitException(after.WorkspaceId, after.CallId, FieldOf(content.Type),
                $"Call {after.CallId} has no room left for more {FieldOf(content.Type)} content ({bytes:N0} bytes with it; {ContentBytes:N0} is the most kept beside status events). Status events for the call are still accepted.");
        }

        if (bytes > MaxRecordBytes)
        {
            throw new CallRecordLimitException(after.WorkspaceId, after.CallId, "callId",
                $"Call {after.CallId} would take {bytes:N0} bytes, more than the {MaxRecordBytes:N0} a call record keeps; this delivery's new events were not stored.");
        }
    }

    private static string FieldOf(CallEventType type) => type switch
    {
        CallEventType.CrmActivity => "crm",
        CallEventType.CallLogged => "report",
        CallEventType.RecordingCompleted => "recording",
        _ => "attachment",
    };
}
