namespace Callaro.Simulator.Planning;

/// <summary>The generated day: every call with its events, in call order.</summary>
internal sealed record CallPlan(PlanOptions Options, IReadOnlyList<PlannedCall> Calls)
{
    public int EventCount => Calls.Sum(c => c.Events.Count);
}

/// <summary>
/// Generates a realistic day of calls. A pure function of <see cref="PlanOptions"/>: the same seed, date and
/// <see cref="PlanOptions.NotAfter"/> give the same calls, ids and timestamps, so a run can be repeated
/// (re-running with the same seed re-delivers the same day, which the app must absorb as duplicates).
/// </summary>
internal static class CallPlanGenerator
{
    // Relative call volume per UTC hour: quiet nights, a business-day plateau with a lunch dip.
    private static readonly double[] HourlyVolume =
        [1, 1, 1, 1, 1, 2, 4, 10, 30, 45, 50, 48, 40, 42, 48, 47, 44, 38, 25, 12, 7, 4, 2, 1];

    private static readonly (int Code, double Weight)[] FailureSipCodes =
        [(404, 25), (480, 20), (503, 20), (408, 10), (484, 10), (403, 5), (488, 5), (500, 5)];

    private static readonly (MissReason Reason, double Weight)[] MissReasons =
        [(MissReason.NoAnswer, 50), (MissReason.Busy, 20), (MissReason.Cancelled, 20), (MissReason.Rejected, 5), (MissReason.Timeout, 5)];

    public static CallPlan Generate(PlanOptions options)
    {
        var random = new Random(MixSeed(options.Seed, options.Date));
        var n = options.Calls;

        var directions = Allocation.Deal(random, [Direction.Incoming, Direction.Outgoing, Direction.Internal],
            Allocation.Counts(n, [options.Incoming, options.Outgoing, options.Internal]));
        var outcomes = Allocation.Deal(random, [Outcome.Completed, Outcome.Missed, Outcome.Failed],
            Allocation.Counts(n, [Math.Max(0, 1 - options.Missed - options.Failed), options.Missed, options.Failed]));

        var senders = options.Providers.Where(p => p.Value > 0).OrderBy(p => p.Key).ToArray();
        var externalCount = directions.Count(d => d != Direction.Internal);
        var externalProviders = new Queue<Provider>(Allocation.Deal(random, senders.Select(p => p.Key).ToArray(),
            Allocation.Counts(externalCount, senders.Select(p => p.Value).ToArray())));

        var providers = directions.Select(d => d == Direction.Internal ? Provider.Callaro : externalProviders.Dequeue()).ToArray();
        var completedCallaro = Enumerable.Range(0, n).Where(i => providers[i] == Provider.Callaro && outcomes[i] == Outcome.Completed).ToArray();
        var reported = Allocation.Pick(random, completedCallaro.Length, options.Reports).Select(i => completedCallaro[i]).ToHashSet();

        var book = new PhoneBook(random, n);
        var calls = new PlannedCall[n];
        for (var i = 0; i < n; i++)
        {
            calls[i] = GenerateCall(random, book, options, i, providers[i], directions[i], outcomes[i], reported.Contains(i));
        }
        return new CallPlan(options, calls);
    }

    private static PlannedCall GenerateCall(
        Random random, PhoneBook book, PlanOptions options, int index, Provider provider, Direction direction, Outcome outcome, bool reported)
    {
        var (caller, callee) = direction switch
        {
            Direction.Incoming => (book.Customer(), book.CompanyLine()),
            Direction.Outgoing => (book.CompanyLine(), book.Customer()),
            _ => book.ExtensionPair(),
        };

        MissReason? missReason = outcome == Outcome.Missed ? Allocation.Weighted(random, MissReasons) : null;
        int? sipCode = outcome == Outcome.Failed ? Allocation.Weighted(random, FailureSipCodes) : null;
        var rings = outcome != Outcome.Failed || random.NextDouble() < 0.5;

        // Seconds from start to answer (or to the end for unanswered calls), then of conversation.
        var ringSeconds = outcome switch
        {
            Outcome.Completed => random.Next(3, 26),
            Outcome.Failed => random.Next(0, 4),
            _ => missReason switch
            {
                MissReason.Busy => random.Next(1, 5),
                MissReason.Cancelled => random.Next(4, 21),
                MissReason.Rejected => random.Next(2, 11),
                MissReason.Timeout => random.Next(30, 61),
                _ => random.Next(25, 46),
            },
        };
        var talkSeconds = outcome == Outcome.Completed ? ConversationSeconds(random) : 0;
        var logDelay = reported ? random.Next(15, 121) : 0;
        var crmDelay = reported ? random.Next(2, 31) : 0;

        var start = StartTime(random, options, ringSeconds + talkSeconds + logDelay + crmDelay);
        // Clamping keeps every event at or before NotAfter; it only bites in the first minutes of a UTC day.
        DateTimeOffset At(int seconds) => Min(start.AddSeconds(seconds), options.NotAfter);
        DateTimeOffset? answered = outcome == Outcome.Completed ? At(ringSeconds) : null;
        var ended = At(ringSeconds + talkSeconds);
        talkSeconds = answered is { } a ? (int)(ended - a).TotalSeconds : 0;

        var callId = provider switch
        {
            Provider.Twilio => "CA" + PhoneBook.Hex(random, 32),
            Provider.Vonage => PhoneBook.Uuid(random),
            _ => "call_" + PhoneBook.Hex(random, 24),
        };
        var alternateId = provider == Provider.Vonage ? "CON-" + PhoneBook.Uuid(random) : null;

        var kinds = new List<(EventKind Kind, DateTimeOffset At)>();
        if (provider == Provider.Vonage) kinds.Add((EventKind.Started, start));
        if (rings) kinds.Add((EventKind.Ringing, start));
        if (answered is { } answeredAt) kinds.Add((EventKind.Answered, answeredAt));
        kinds.Add((outcome switch { Outcome.Completed => EventKind.Completed, Outcome.Missed => EventKind.Missed, _ => EventKind.Failed }, ended));
        if (reported)
        {
            kinds.Add((EventKind.Logged, At(ringSeconds + talkSeconds + logDelay)));
            kinds.Add((EventKind.CrmActivity, At(ringSeconds + talkSeconds + logDelay + crmDelay)));
        }
        var events = kinds.Select((k, sequence) => new PlannedEvent(k.Kind, k.At,
            provider == Provider.Callaro ? "evt_" + PhoneBook.Hex(random, 24) : $"{callId}#{sequence}", sequence)).ToArray();

        var (campaign, deal, op) = provider == Provider.Callaro ? CallaroContext(random, book, direction, outcome) : (null, null, null);
        return new PlannedCall
        {
            Index = index,
            Provider = provider,
            CallId = callId,
            AlternateCallId = alternateId,
            Workspace = options.Workspace,
            Direction = direction,
            Caller = caller,
            Callee = callee,
            Outcome = outcome,
            MissReason = missReason,
            SipCode = sipCode,
            StartedAt = start,
            AnsweredAt = answered,
            EndedAt = ended,
            TalkSeconds = talkSeconds,
            CampaignId = campaign,
            DealId = deal,
            OperatorId = op,
            Report = reported ? Report(random, deal, start) : null,
            Events = events,
        };
    }

    /// <summary>Campaign, deal and operator: what Callaro knows about its own calls and providers do not.</summary>
    private static (string? Campaign, string? Deal, string? Operator) CallaroContext(Random random, PhoneBook book, Direction direction, Outcome outcome) =>
        direction switch
        {
            Direction.Outgoing => (
                random.NextDouble() < 0.9 ? PhoneBook.OutboundCampaigns[random.Next(PhoneBook.OutboundCampaigns.Length)] : null,
                random.NextDouble() < 0.6 ? book.Deal() : null,
                book.Operator()),
            Direction.Incoming => (
                random.NextDouble() < 0.5 ? PhoneBook.InboundCampaign : null,
                random.NextDouble() < 0.2 ? book.Deal() : null,
                outcome == Outcome.Completed ? book.Operator() : null),
            _ => (null, null, book.Operator()),
        };

    private static PlannedReport Report(Random random, string? deal, DateTimeOffset callStart)
    {
        var (outcome, summary) = Allocation.Weighted(random, new ((string, string), double)[]
        {
            (("interested", "Customer wants a quote for the Pro plan and asked for a follow-up next week."), 35),
            (("callback-requested", "Customer was busy and asked to be called back tomorrow afternoon."), 25),
            (("not-interested", "Customer already uses a competitor and declined the offer."), 20),
            (("sale", "Customer agreed to upgrade; contract to be sent by e-mail."), 10),
            (("support-resolved", "Billing question answered; no further action needed."), 10),
        });
        var fields = new Dictionary<string, object>
        {
            ["budget"] = random.Next(5, 200) * 100,
            ["decisionMaker"] = random.NextDouble() < 0.6,
            ["product"] = random.NextDouble() < 0.5 ? "Pro plan" : "Team plan",
            ["nextContact"] = new DateTimeOffset(callStart.UtcDateTime.Date, TimeSpan.Zero).AddDays(random.Next(1, 15)).AddHours(random.Next(8, 18)),
        };
        var succeeded = random.NextDouble() < 0.9;
        return new PlannedReport(
            outcome,
            summary,
            fields,
            CrmSystem: random.NextDouble() < 0.5 ? "hubspot" : "pipedrive",
            CrmRecordId: deal ?? "rec_" + PhoneBook.Hex(random, 10),
            CrmKind: Allocation.Weighted(random, new (string, double)[] { ("note", 60), ("task", 20), ("fieldUpdate", 20) }),
            CrmSucceeded: succeeded,
            CrmError: succeeded ? null : "CRM answered 429 Too Many Requests; activity not recorded");
    }

    /// <summary>Conversation length: log-normal around 2.5 minutes, between 4 seconds and an hour.</summary>
    private static int ConversationSeconds(Random random)
    {
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return (int)Math.Clamp(Math.Exp(Math.Log(150) + 0.9 * normal), 4, 3600);
    }

    /// <summary>
    /// A start time that follows the business-day curve, compressed into the part of the day that has
    /// happened, and early enough that the call's last event is not in the future.
    /// </summary>
    private static DateTimeOffset StartTime(Random random, PlanOptions options, int lifetimeSeconds)
    {
        var dayStart = new DateTimeOffset(options.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var available = Math.Clamp((options.NotAfter - dayStart).TotalSeconds, 60, 86400);
        var hour = Allocation.Weighted(random, HourlyVolume.Select((w, h) => (h, w)).ToArray());
        var secondOfDay = hour * 3600 + random.NextDouble() * 3600;
        var start = dayStart.AddSeconds(Math.Floor(secondOfDay * available / 86400));
        var latest = options.NotAfter.AddSeconds(-lifetimeSeconds);
        if (start > latest) start = latest < dayStart ? dayStart : TruncateToSecond(latest);
        return start;
    }

    private static DateTimeOffset TruncateToSecond(DateTimeOffset value) => value.AddTicks(-(value.Ticks % TimeSpan.TicksPerSecond));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;

    /// <summary>Seed mixed with the date so two days of one seed do not share call ids (Random's seeding is stable; HashCode's is not).</summary>
    private static int MixSeed(int seed, DateOnly date) => unchecked(seed * 397 ^ date.DayNumber);
}
