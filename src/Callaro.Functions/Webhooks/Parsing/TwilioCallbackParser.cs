using System.Globalization;
using Callaro.Core.Calls;

namespace Callaro.Functions.Webhooks.Parsing;

/// <summary>
/// Parses Twilio voice status callbacks and recording status callbacks (form fields, names as Twilio
/// spells them; errors are keyed by those names).
/// </summary>
/// <remarks>
/// <para><b>Event ids</b> are derived from what Twilio repeats identically on a retry:
/// <c>twilio-{CallSid}-{CallStatus}-{SequenceNumber}</c> (and <c>twilio-rec-{RecordingSid}</c>), so a
/// retried callback deduplicates and two different callbacks never collide.</para>
/// <para><b>Child legs</b> (<c>ParentCallSid</c> set, e.g. the leg a &lt;Dial&gt; places) are filed under
/// the parent's call id so one conversation is one row. A child leg's status says something about the
/// parent, not the same thing: the dialled party answering (<c>in-progress</c>) or having talked
/// (<c>completed</c>) means the parent call was answered; a child that was busy, not answered, cancelled
/// or failed does not end the parent (the caller may still reach voicemail or the next agent), so it is
/// kept as a non-terminal ringing event carrying the child's own status. Only the parent's own callbacks
/// end the call. A child's direction, numbers and duration describe the child leg, so they are not put on
/// the parent's record, and its sequence numbers count a different leg, so they do not order the parent.</para>
/// <para>A missing <c>Timestamp</c> falls back to the time of receipt (the event id does not depend on it).</para>
/// </remarks>
public static class TwilioCallbackParser
{
    private static readonly IReadOnlyDictionary<string, CallEventType> Statuses = new Dictionary<string, CallEventType>(StringComparer.Ordinal)
    {
        ["queued"] = CallEventType.Ringing,
        ["initiated"] = CallEventType.Ringing,
        ["ringing"] = CallEventType.Ringing,
        ["in-progress"] = CallEventType.Answered,
        ["completed"] = CallEventType.Completed,
        ["busy"] = CallEventType.Missed,
        ["no-answer"] = CallEventType.Missed,
        ["canceled"] = CallEventType.Missed,
        ["failed"] = CallEventType.Failed,
    };

    private static readonly IReadOnlyDictionary<string, CallDirection> Directions = new Dictionary<string, CallDirection>(StringComparer.Ordinal)
    {
        ["inbound"] = CallDirection.Incoming,
        ["outbound-api"] = CallDirection.Outgoing,
        ["outbound-dial"] = CallDirection.Outgoing,
    };

    private static readonly string[] RecordingStatuses = ["in-progress", "completed", "absent", "failed"];

    /// <summary>Error keys of <see cref="Core.Ingestion.CallEventValidator"/> spelled as Twilio's fields.</summary>
    public static IReadOnlyDictionary<string, string> FieldNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["eventId"] = "CallSid",
        ["callId"] = "CallSid",
        ["providerStatus"] = "CallStatus",
        ["sequence"] = "SequenceNumber",
        ["occurredAt"] = "Timestamp",
        ["workspaceId"] = "AccountSid",
        ["caller"] = "From",
        ["callee"] = "To",
        ["durationSeconds"] = "CallDuration",
        ["failureReason"] = "SipResponseCode",
        ["recording.id"] = "RecordingSid",
        ["recording.url"] = "RecordingUrl",
        ["recording.durationSeconds"] = "RecordingDuration",
        ["recording.channels"] = "RecordingChannels",
    };

    /// <summary>Parses a voice status callback.</summary>
    /// <param name="form">The POST parameters (first value per name).</param>
    /// <param name="receivedAt">Stamped on the event.</param>
    /// <param name="workspaceOf">Maps an AccountSid (possibly null) to a workspace id.</param>
    public static ParsedDelivery ParseStatus(IReadOnlyDictionary<string, string> form, DateTimeOffset receivedAt, Func<string?, string> workspaceOf)
    {
        var errors = new FieldErrors();
        var callSid = Required(form, "CallSid", errors);
        var providerStatus = Required(form, "CallStatus", errors);
        CallEventType? status = providerStatus is not null && Statuses.TryGetValue(providerStatus, out var mapped) ? mapped : null;
        if (providerStatus is not null && status is null)
        {
            errors.Add("CallStatus", $"CallStatus '{providerStatus}' is not one of: {string.Join(", ", Statuses.Keys)}.");
        }

        var direction = Optional(form, "Direction") is { } d ? MapDirection(d, errors) : null;
        var occurredAt = Timestamp(form, "Timestamp", errors) ?? receivedAt;
        var sequence = WholeNumber(form, "SequenceNumber", errors);
        var duration = WholeNumber(form, "CallDuration", errors);
        var parentSid = Optional(form, "ParentCallSid");
        if (errors.Any || callSid is null || providerStatus is null || status is null)
        {
            return ParsedDelivery.Invalid(errors.ToDictionary());
        }

        var isChildLeg = parentSid is not null && parentSid != callSid;
        if (isChildLeg && providerStatus == "completed" && duration is { } talked && Shift(occurredAt, -talked) is null)
        {
            return ParsedDelivery.Invalid("Timestamp", $"Timestamp minus CallDuration ({talked} s) is before year 1; send the real time of the callback.");
        }

        var eventId = $"twilio-{callSid}-{providerStatus}-{sequence?.ToString(CultureInfo.InvariantCulture) ?? "x"}";
        var callEvent = new CallEvent
        {
            EventId = eventId,
            Type = status.Value,
            OccurredAt = occurredAt,
            CallId = callSid,
            WorkspaceId = workspaceOf(Optional(form, "AccountSid")),
            Source = "twilio",
            ReceivedAt = receivedAt,
            ProviderStatus = providerStatus,
        };

        return ParsedDelivery.Of(isChildLeg
            ? ForParent(callEvent, parentSid!, duration, occurredAt, Optional(form, "SipResponseCode"))
            : ForOwnCall(callEvent, sequence, direction, form, duration, Optional(form, "SipResponseCode")));
    }

    /// <summary>Parses a RecordingStatusCallback. Only <c>completed</c> carries something to store.</summary>
    public static ParsedDelivery ParseRecording(IReadOnlyDictionary<string, string> form, DateTimeOffset receivedAt, Func<string?, string> workspaceOf)
    {
        var errors = new FieldErrors();
        var callSid = Required(form, "CallSid", errors);
        var recordingSid = Required(form, "RecordingSid", errors);
        var recordingStatus = Required(form, "RecordingStatus", errors);
        if (recordingStatus is not null && !RecordingStatuses.Contains(recordingStatus, StringComparer.Ordinal))
        {
            errors.Add("RecordingStatus", $"RecordingStatus '{recordingStatus}' is not one of: {string.Join(", ", RecordingStatuses)}.");
        }

        var duration = WholeNumber(form, "RecordingDuration", errors);
        var channels = WholeNumber(form, "RecordingChannels", errors);
        var startedAt = Timestamp(form, "RecordingStartTime", errors);
        if (errors.Any || callSid is null || recordingSid is null)
        {
            return ParsedDelivery.Invalid(errors.ToDictionary());
        }

        if (recordingStatus != "completed")
        {
            return ParsedDelivery.NothingToStore();
        }

        DateTimeOffset? endedAt = startedAt is { } start && duration is { } seconds ? Shift(start, seconds) : receivedAt;
        if (endedAt is null)
        {
            return ParsedDelivery.Invalid("RecordingStartTime", $"RecordingStartTime plus RecordingDuration ({duration} s) is past year 9999; send the real start time.");
        }

        return ParsedDelivery.Of(new CallEvent
        {
            EventId = $"twilio-rec-{recordingSid}",
            Type = CallEventType.RecordingCompleted,
            OccurredAt = endedAt.Value,
            CallId = callSid,
            WorkspaceId = workspaceOf(Optional(form, "AccountSid")),
            Source = "twilio",
            ReceivedAt = receivedAt,
            ProviderStatus = recordingStatus,
            Recording = new ProviderRecording(recordingSid, Optional(form, "RecordingUrl"), duration, channels),
        });
    }

    private static CallEvent ForOwnCall(CallEvent e, int? sequence, CallDirection? direction, IReadOnlyDictionary<string, string> form, int? duration, string? sipCode) =>
        e with
        {
            Sequence = sequence,
            Direction = direction,
            Caller = Optional(form, "From"),
            Callee = Optional(form, "To"),
            StartedAt = e.Type == CallEventType.Ringing ? e.OccurredAt : null,
            AnsweredAt = e.Type == CallEventType.Answered ? e.OccurredAt : null,
            EndedAt = e.Type is CallEventType.Completed or CallEventType.Missed or CallEventType.Failed ? e.OccurredAt : null,
            DurationSeconds = e.Type == CallEventType.Completed ? duration : null,
            FailureReason = e.Type is CallEventType.Missed or CallEventType.Failed ? sipCode : null,
        };

    private static CallEvent ForParent(CallEvent e, string parentSid, int? duration, DateTimeOffset occurredAt, string? sipCode) =>
        e.ProviderStatus switch
        {
            "in-progress" => e with { CallId = parentSid, Type = CallEventType.Answered, AnsweredAt = occurredAt },
            // The child talked and hung up: the parent was answered, at the child's end minus its talk time.
            "completed" => e with
            {
                CallId = parentSid,
                Type = CallEventType.Answered,
                AnsweredAt = duration is { } d ? Shift(occurredAt, -d) : null,
            },
            "busy" or "no-answer" or "canceled" or "failed" => e with
            {
                CallId = parentSid,
                Type = CallEventType.Ringing,
                FailureReason = sipCode ?? e.ProviderStatus,
            },
            _ => e with { CallId = parentSid, Type = CallEventType.Ringing },
        };

    /// <summary>The time moved by whole seconds; null when that leaves the representable range (years 1 to 9999).</summary>
    private static DateTimeOffset? Shift(DateTimeOffset at, int seconds)
    {
        var ticks = at.UtcTicks + (seconds * TimeSpan.TicksPerSecond);
        return ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;
    }

    private static CallDirection? MapDirection(string direction, FieldErrors errors)
    {
        if (Directions.TryGetValue(direction, out var mapped))
        {
            return mapped;
        }

        errors.Add("Direction", $"Direction '{direction}' is not one of: {string.Join(", ", Directions.Keys)}.");
        return null;
    }

    private static string? Optional(IReadOnlyDictionary<string, string> form, string name) =>
        form.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static string? Required(IReadOnlyDictionary<string, string> form, string name, FieldErrors errors)
    {
        var value = Optional(form, name);
        if (value is null)
        {
            errors.Add(name, $"{name} is required.");
        }

        return value;
    }

    private static int? WholeNumber(IReadOnlyDictionary<string, string> form, string name, FieldErrors errors)
    {
        var text = Optional(form, name);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add(name, $"{name} must be a whole number of 0 or more; got '{JsonFields.Truncate(text)}'.");
            return null;
        }

        return value;
    }

    private static DateTimeOffset? Timestamp(IReadOnlyDictionary<string, string> form, string name, FieldErrors errors)
    {
        var text = Optional(form, name);
        if (text is null)
        {
            return null;
        }

        if (!Timestamps.TryParseRfc1123(text, out var value))
        {
            errors.Add(name, $"{name} must be an RFC 1123 date such as 'Tue, 21 Nov 2026 08:35:09 +0000'; got '{JsonFields.Truncate(text)}'.");
            return null;
        }

        return value;
    }
}
