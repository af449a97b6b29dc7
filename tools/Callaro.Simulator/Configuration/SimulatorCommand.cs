using System.CommandLine;
using System.Globalization;
using Callaro.Simulator.Planning;

namespace Callaro.Simulator.Configuration;

/// <summary>Everything a run needs, parsed from the command line.</summary>
internal sealed record RunSettings
{
    public required Uri AppUrl { get; init; }
    public required PlanOptions Plan { get; init; }
    public double CallsPerSecond { get; init; }
    public int Concurrency { get; init; } = 16;
    public bool Verify { get; init; } = true;
    public bool SeedWasGiven { get; init; }
    public required SimulatorSecrets SecretOptions { get; init; }
    public string? SettingsFile { get; init; }

    /// <summary>Where to write the figures as JSON, if anywhere.</summary>
    public string? SummaryFile { get; init; }
}

/// <summary>The command line: options, their defaults and help, parsed into <see cref="RunSettings"/>.</summary>
internal static class SimulatorCommand
{
    public static RootCommand Create(Func<RunSettings, CancellationToken, Task<int>> run, TimeProvider clock)
    {
        var url = new Option<string>("--url") { Description = "Base URL of the running app.", DefaultValueFactory = _ => "http://127.0.0.1:7071" };
        var calls = new Option<int>("--calls") { Description = "Number of calls to generate.", DefaultValueFactory = _ => 200 };
        var rate = new Option<double>("--rate") { Description = "Calls per second to post (0 = as fast as the concurrency allows).", DefaultValueFactory = _ => 0 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once.", DefaultValueFactory = _ => 16 };
        var incoming = Share("--incoming", "Relative share of incoming calls.", 0.5);
        var outgoing = Share("--outgoing", "Relative share of outgoing calls.", 0.4);
        var @internal = Share("--internal", "Relative share of internal (extension to extension) calls; always sent in Callaro format.", 0.1);
        var missed = Share("--missed", "Share of calls that ring out unanswered (busy, no answer, cancelled...).", 0.2);
        var failed = Share("--failed", "Share of calls that fail with a SIP error.", 0.05);
        var duplicates = Share("--duplicates", "Share of event deliveries sent a second time.", 0.1);
        var outOfOrder = Share("--out-of-order", "Share of calls whose events arrive shuffled.", 0.1);
        var reports = Share("--reports", "Share of completed Callaro calls followed by call.logged and crm.activity.", 0.3);
        var providers = new Option<string>("--providers") { Description = "Sender mix for external calls, e.g. callaro,twilio,vonage or callaro=2,twilio=1.", DefaultValueFactory = _ => "callaro,twilio,vonage" };
        var date = new Option<string>("--date") { Description = "Day to fill (YYYY-MM-DD or 'today', UTC).", DefaultValueFactory = _ => "today" };
        var seed = new Option<int?>("--seed") { Description = "Seed for a reproducible day (default: random, printed)." };
        var workspace = new Option<string>("--workspace") { Description = "Workspace the calls are checked in. Callaro events carry it; Twilio and Vonage calls land where the app maps their account ('default' unless configured).", DefaultValueFactory = _ => "default" };
        var batch = new Option<int>("--batch") { Description = "Most Callaro events per request (1-100).", DefaultValueFactory = _ => 1 };
        var callaroSecret = new Option<string?>("--callaro-secret") { Description = $"Callaro webhook signing secret (else ${SecretResolver.CallaroSecretKey} or local.settings.json)." };
        var twilioToken = new Option<string?>("--twilio-auth-token") { Description = $"Twilio auth token (else ${SecretResolver.TwilioTokenKey} or local.settings.json)." };
        var vonageSecret = new Option<string?>("--vonage-secret") { Description = $"Vonage signature secret (else ${SecretResolver.VonageSecretKey} or local.settings.json)." };
        var publicBaseUrl = new Option<string?>("--public-base-url") { Description = $"Public base URL Twilio signs (else ${SecretResolver.PublicBaseUrlKey}, else --url)." };
        var readerKey = new Option<string?>("--reader-key") { Description = $"Access key with reader rights for verification (else ${SecretResolver.ReaderKeyVariable})." };
        var settings = new Option<string?>("--settings") { Description = "Path of local.settings.json (default: the nearest one from the working directory up)." };
        var noVerify = new Option<bool>("--no-verify") { Description = "Only send; do not read the log back." };
        var summary = new Option<string?>("--summary") { Description = "Also write the figures (throughput, latency, counts) as JSON to this file." };

        var command = new RootCommand(
            "Plays Twilio, Vonage and Callaro against a running Callaro Functions app: posts a realistic, signed day of call events " +
            "(with duplicates and out-of-order deliveries), then checks the call log against its own ground truth.")
        {
            url, calls, rate, concurrency, incoming, outgoing, @internal, missed, failed, duplicates, outOfOrder, reports, providers, date, seed,
            workspace, batch, callaroSecret, twilioToken, vonageSecret, publicBaseUrl, readerKey, settings, noVerify, summary,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            RunSettings runSettings;
            try
            {
                var now = clock.GetUtcNow();
                var givenSeed = parse.GetValue(seed);
                runSettings = new RunSettings
                {
                    AppUrl = ParseUrl(parse.GetValue(url)!),
                    CallsPerSecond = parse.GetValue(rate),
                    Concurrency = parse.GetValue(concurrency),
                    Verify = !parse.GetValue(noVerify),
                    SeedWasGiven = givenSeed is not null,
                    SettingsFile = parse.GetValue(settings),
                    SummaryFile = parse.GetValue(summary),
                    SecretOptions = new SimulatorSecrets(parse.GetValue(callaroSecret), parse.GetValue(twilioToken), parse.GetValue(vonageSecret),
                        parse.GetValue(publicBaseUrl), parse.GetValue(readerKey), null),
                    Plan = new PlanOptions
                    {
                        Calls = parse.GetValue(calls),
                        Date = ParseDate(parse.GetValue(date)!, now),
                        NotAfter = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)),
                        Seed = givenSeed ?? Random.Shared.Next(1, 1_000_000),
                        Workspace = parse.GetValue(workspace)!,
                        Incoming = parse.GetValue(incoming),
                        Outgoing = parse.GetValue(outgoing),
                        Internal = parse.GetValue(@internal),
                        Missed = parse.GetValue(missed),
                        Failed = parse.GetValue(failed),
                        Duplicates = parse.GetValue(duplicates),
                        OutOfOrder = parse.GetValue(outOfOrder),
                        Reports = parse.GetValue(reports),
                        Providers = PlanOptions.ParseProviders(parse.GetValue(providers)!),
                        CallaroBatchSize = parse.GetValue(batch),
                    },
                };
            }
            catch (FormatException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return ExitCodes.Usage;
            }
            return await run(runSettings, cancellationToken);
        });
        return command;
    }

    /// <exception cref="FormatException">Not <c>today</c> nor <c>YYYY-MM-DD</c>.</exception>
    internal static DateOnly ParseDate(string text, DateTimeOffset now) =>
        string.Equals(text, "today", StringComparison.OrdinalIgnoreCase) ? DateOnly.FromDateTime(now.UtcDateTime)
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new FormatException($"--date '{text}' is not a date: use YYYY-MM-DD or 'today'.");

    private static Uri ParseUrl(string text) =>
        Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri
        : throw new FormatException($"--url '{text}' is not an absolute http(s) URL, e.g. http://127.0.0.1:7071.");

    private static Option<double> Share(string name, string description, double defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };
}

/// <summary>Process exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>Everything sent was accepted and the log matches the ground truth.</summary>
    public const int Passed = 0;
    /// <summary>Lost, duplicated, wrong-status calls, rejected deliveries or read errors.</summary>
    public const int Failed = 1;
    /// <summary>Bad options, missing secrets, app unreachable, or the reader key refused: nothing could be judged.</summary>
    public const int Usage = 2;
}
