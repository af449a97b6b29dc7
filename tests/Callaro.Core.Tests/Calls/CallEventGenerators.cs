using Callaro.Core.Calls;
using FsCheck;
using FsCheck.Fluent;

namespace Callaro.Core.Tests.Calls;

/// <summary>
/// Generated event sets of one call: mixed types, colliding timestamps and sequence numbers (so tie
/// breaks matter), Twilio-like child legs (other numbers, sequences restarting at 0) folded into the
/// parent by call id, attachments (reports, CRM, provider recordings, blob recordings and transcripts —
/// available or unreadable), and a start near midnight.
/// </summary>
internal static class CallEventGenerators
{
    public const string Workspace = "ws1";
    public const string CallId = "CA100";
    private static readonly DateTimeOffset Base = new(2024, 3, 10, 23, 50, 0, TimeSpan.Zero);

    private static readonly CallEventType[] Types = Enum.GetValues<CallEventType>();
    private static readonly string[] Sources = ["twilio", "vonage", "callaro"];
    private static readonly string[] Numbers = ["+14155550100", "+14155550101", "+442071838750", "201"];
    private static readonly string[] ProviderStatuses = ["ringing", "in-progress", "completed", "no-answer", "busy", "failed", "answered", "unanswered"];

    private static Gen<T?> Maybe<T>(Gen<T> gen) where T : class => Gen.Frequency((1, Gen.Constant<T?>(null)), (1, gen.Select(x => (T?)x)));
    private static Gen<T?> MaybeValue<T>(Gen<T> gen) where T : struct => Gen.Frequency((1, Gen.Constant<T?>(null)), (1, gen.Select(x => (T?)x)));

    // Seconds from a small range, so equal occurredAt values are common.
    private static Gen<DateTimeOffset> Time => Gen.Choose(-20, 40).Select(m => Base.AddSeconds(m * 30));
    // Some senders use offsets other than UTC; the fold must treat equal instants as equal.
    private static Gen<TimeSpan> Offset => Gen.Elements(TimeSpan.Zero, TimeSpan.FromHours(-5), TimeSpan.FromHours(2));

    private static readonly Gen<CallFieldValue> FieldValue = Gen.OneOf(
        Gen.Elements("yes", "no", "callback").Select(t => new CallFieldValue(Text: t)),
        Gen.Choose(0, 100).Select(n => new CallFieldValue(Number: n / 4.0)),
        Gen.Elements(true, false).Select(b => new CallFieldValue(Flag: b)));

    private static readonly Gen<IReadOnlyDictionary<string, CallFieldValue>> Fields =
        Gen.SubListOf(new[] { "budget", "interest", "nextStep" })
            .SelectMany(keys => Gen.CollectToList(keys, _ => FieldValue), (keys, values) =>
                (IReadOnlyDictionary<string, CallFieldValue>)keys.Zip(values).ToDictionary(p => p.First, p => p.Second));

    private static Gen<CallEvent> Event(int index) =>
        from type in Gen.Elements(Types)
        from occurred in Time
        from offset in Offset
        from source in Gen.Elements(Sources)
        from sequence in MaybeValue(Gen.Choose(0, 4).Select(s => (long)s))
        from providerStatus in Maybe(Gen.Elements(ProviderStatuses))
        from direction in MaybeValue(Gen.Elements(Enum.GetValues<CallDirection>()))
        from caller in Maybe(Gen.Elements(Numbers))
        from callee in Maybe(Gen.Elements(Numbers))
        from campaign in Maybe(Gen.Elements("spring", "autumn"))
        from deal in Maybe(Gen.Elements("D1", "D2"))
        from op in Maybe(Gen.Elements("alice", "bob"))
        from startShift in MaybeValue(Gen.Choose(-30, 5))
        from answerShift in MaybeValue(Gen.Choose(0, 10))
        from duration in MaybeValue(Gen.Choose(0, 900))
        from reason in Maybe(Gen.Elements("486", "503", "user-busy"))
        from outcome in Gen.Elements("sale", "no-interest", "callback")
        from fields in Fields
        from crmOk in Gen.Elements(true, false)
        from idPrefix in Gen.Elements("a", "b", "z")
        from unreadable in Gen.Elements(true, false)
        from arrivedAfter in Gen.Choose(0, 600)
        let at = occurred.ToOffset(offset)
        select new CallEvent
        {
            EventId = $"{idPrefix}-{index}",
            Type = type,
            OccurredAt = at,
            CallId = CallId,
            WorkspaceId = Workspace,
            Source = source,
            Sequence = sequence,
            ProviderStatus = providerStatus,
            Direction = direction,
            Caller = caller,
            Callee = callee,
            CampaignId = campaign,
            DealId = deal,
            OperatorId = op,
            StartedAt = startShift is { } s ? at.AddMinutes(s) : null,
            AnsweredAt = answerShift is { } a && type is CallEventType.Answered or CallEventType.Completed ? at.AddSeconds(-a) : null,
            EndedAt = type is CallEventType.Completed or CallEventType.Missed or CallEventType.Failed && answerShift is not null ? at : null,
            DurationSeconds = type == CallEventType.Completed ? duration : null,
            FailureReason = type is CallEventType.Failed or CallEventType.Missed ? reason : null,
            Report = type == CallEventType.CallLogged ? new CallReport(outcome, $"Summary {index}", fields) : null,
            Crm = type == CallEventType.CrmActivity ? new CrmActivity("hubspot", $"R{index}", "note", crmOk, crmOk ? null : "rate limited", fields, null) : null,
            Recording = type == CallEventType.RecordingCompleted ? new ProviderRecording($"RE{index}", $"https://rec.example/{index}", duration, 2) : null,
            // Blob versions: occurredAt is the version's Last-Modified (colliding often, so the event id breaks ties).
            Attachment = type switch
            {
                CallEventType.RecordingAttached => new AttachedBlob(AttachedBlobState.Available, at.AddSeconds(arrivedAfter), "recordings", $"{CallId}.wav", $"0x8D{index}"),
                CallEventType.TranscriptAttached => unreadable
                    ? new AttachedBlob(AttachedBlobState.Unreadable, at.AddSeconds(arrivedAfter), "transcripts", $"{CallId}.json", $"0x8D{index}", UnreadableReason: "The JSON is malformed.")
                    : new AttachedBlob(AttachedBlobState.Available, at.AddSeconds(arrivedAfter), "transcripts", $"{CallId}.vtt", $"0x8D{index}", "en", index * 7),
                _ => null,
            },
        };

    /// <summary>1 to 12 distinct events usually; now and then 45 to 70, to exercise the history cap.</summary>
    public static Gen<CallEvent[]> EventSet =>
        Gen.Frequency((9, Gen.Choose(1, 12)), (1, Gen.Choose(45, 70)))
            .SelectMany(n => Gen.CollectToArray(Enumerable.Range(0, n), Event));

    /// <summary>Every event delivered once or more (random duplicates), each delivery with its own receivedAt.</summary>
    public static Gen<CallEvent[]> Deliveries(CallEvent[] events) =>
        from extra in Gen.ListOf(Gen.Elements(events)).Resize(Math.Max(1, events.Length))
        from stamped in Gen.CollectToArray(events.Concat(extra), e => Gen.Choose(0, 600).Select(s => e with { ReceivedAt = Base.AddHours(1).AddSeconds(s) }))
        select stamped;

    /// <summary>One set of deliveries in two independent random orders.</summary>
    public static Gen<(CallEvent[] Events, CallEvent[] First, CallEvent[] Second)> TwoDeliveryOrders =>
        from events in EventSet
        from deliveries in Deliveries(events)
        from first in Gen.Shuffle(deliveries)
        from second in Gen.Shuffle(deliveries)
        select (events, first, second);
}
