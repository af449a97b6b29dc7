namespace Callaro.Simulator.Planning;

/// <summary>What traffic to generate. Shares are fractions in [0, 1]; direction shares are relative weights.</summary>
internal sealed record PlanOptions
{
    public int Calls { get; init; } = 200;
    public required DateOnly Date { get; init; }

    /// <summary>
    /// No event may occur after this instant (for today: now, because senders do not report the future).
    /// Part of the input so a plan is a pure function of its options.
    /// </summary>
    public required DateTimeOffset NotAfter { get; init; }

    public int Seed { get; init; }
    public string Workspace { get; init; } = "default";

    public double Incoming { get; init; } = 0.5;
    public double Outgoing { get; init; } = 0.4;
    public double Internal { get; init; } = 0.1;

    public double Missed { get; init; } = 0.2;
    public double Failed { get; init; } = 0.05;

    /// <summary>Share of event deliveries that are delivered a second time.</summary>
    public double Duplicates { get; init; } = 0.1;

    /// <summary>Share of calls whose events are delivered in a shuffled order.</summary>
    public double OutOfOrder { get; init; } = 0.1;

    /// <summary>Share of completed Callaro calls followed by <c>call.logged</c> and <c>crm.activity</c>.</summary>
    public double Reports { get; init; } = 0.3;

    /// <summary>Relative weight of each sender for external calls. Internal calls are always Callaro's.</summary>
    public IReadOnlyDictionary<Provider, double> Providers { get; init; } =
        new Dictionary<Provider, double> { [Provider.Callaro] = 1, [Provider.Twilio] = 1, [Provider.Vonage] = 1 };

    /// <summary>Most Callaro events per request (Callaro accepts arrays of up to 100).</summary>
    public int CallaroBatchSize { get; init; } = 1;

    /// <summary>Returns the problems with these options, each phrased as what to change; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Calls < 1) problems.Add("--calls must be at least 1.");
        foreach (var (name, value) in new[]
                 {
                     ("--incoming", Incoming), ("--outgoing", Outgoing), ("--internal", Internal), ("--missed", Missed),
                     ("--failed", Failed), ("--duplicates", Duplicates), ("--out-of-order", OutOfOrder), ("--reports", Reports),
                 })
        {
            if (double.IsNaN(value) || value < 0 || value > 1) problems.Add($"{name} must be a share between 0 and 1 (got {value}).");
        }
        if (Incoming + Outgoing + Internal <= 0) problems.Add("At least one of --incoming, --outgoing, --internal must be above 0.");
        if (Missed + Failed > 1) problems.Add($"--missed plus --failed cannot exceed 1 (got {Missed + Failed}).");
        if (Providers.Count == 0 || Providers.Values.Sum() <= 0) problems.Add("--providers must name at least one of callaro, twilio, vonage.");
        if (Internal > 0 && !Providers.ContainsKey(Provider.Callaro))
        {
            problems.Add("Internal calls (extension to extension) are only sent in Callaro format: add callaro to --providers or pass --internal 0.");
        }
        if (Incoming + Outgoing <= 0 && Providers.Keys.Any(p => p != Provider.Callaro))
        {
            problems.Add("Twilio and Vonage only carry incoming and outgoing calls: give --incoming or --outgoing a share, or use --providers callaro.");
        }
        if (CallaroBatchSize is < 1 or > 100) problems.Add("--batch must be between 1 and 100 (Callaro sends at most 100 events per request).");
        var dayStart = new DateTimeOffset(Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        if (NotAfter < dayStart.AddMinutes(1))
        {
            problems.Add($"--date {Date:yyyy-MM-dd} is in the future (or began less than a minute ago): calls cannot be reported before they happen.");
        }
        return problems;
    }

    /// <summary>Parses <c>callaro,twilio,vonage</c> or weighted <c>callaro=2,twilio=1</c>.</summary>
    public static IReadOnlyDictionary<Provider, double> ParseProviders(string text)
    {
        var result = new Dictionary<Provider, double>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (!pieces[0].All(char.IsAsciiLetter) || !Enum.TryParse<Provider>(pieces[0], ignoreCase: true, out var provider))
            {
                throw new FormatException($"Unknown provider '{pieces[0]}' in --providers: use callaro, twilio and/or vonage, e.g. callaro=2,twilio=1.");
            }
            var weight = 1.0;
            if (pieces.Length == 2 && (!double.TryParse(pieces[1], System.Globalization.NumberStyles.Float,
                    System.Globalization.CultureInfo.InvariantCulture, out weight) || weight < 0))
            {
                throw new FormatException($"Weight '{pieces[1]}' for {pieces[0]} in --providers must be a non-negative number.");
            }
            result[provider] = weight;
        }
        return result;
    }
}
