using System.Net.Http.Headers;
using Callaro.Simulator.Configuration;
using Callaro.Simulator.Planning;
using Callaro.Simulator.Providers;
using Callaro.Simulator.Reporting;
using Callaro.Simulator.Sending;
using Callaro.Simulator.Verification;
using Spectre.Console;

namespace Callaro.Simulator;

/// <summary>One run: plan the day, sign and post it, read the log back, report. Returns the exit code.</summary>
internal sealed class SimulationRun(IAnsiConsole console, TimeProvider clock, Func<string, string?> environment, string workingDirectory)
{
    public async Task<int> RunAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        var problems = settings.Plan.Validate().ToList();
        if (settings.Concurrency < 1) problems.Add("--concurrency must be at least 1.");
        if (settings.CallsPerSecond < 0) problems.Add("--rate must be 0 (unpaced) or a positive number of calls per second.");

        SimulatorSecrets secrets;
        try
        {
            secrets = SecretResolver.Resolve(settings.SecretOptions, environment, settings.SettingsFile, workingDirectory);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            problems.Add(ex.Message);
            secrets = settings.SecretOptions;
        }
        var formatters = CreateFormatters(settings, secrets, problems);
        if (problems.Count > 0)
        {
            foreach (var problem in problems) console.MarkupLineInterpolated($"[red]error:[/] {problem}");
            return ExitCodes.Usage;
        }

        var plan = CallPlanGenerator.Generate(settings.Plan);
        var deliveries = DeliveryScheduler.Schedule(plan);
        console.MarkupLineInterpolated(
            $"Simulating [bold]{plan.Calls.Count}[/] calls on {plan.Options.Date:yyyy-MM-dd} (seed {plan.Options.Seed}) against {settings.AppUrl}");
        console.MarkupLineInterpolated($"[grey]secrets: {(secrets.SettingsFile is null ? "options/environment" : "options/environment, then " + secrets.SettingsFile)}[/]");

        using var http = CreateClient(settings);
        if (!await IsReachableAsync(http, cancellationToken))
        {
            console.MarkupLineInterpolated($"[red]error:[/] cannot reach {settings.AppUrl}: start the app first (e.g. ./run.sh) or pass --url.");
            return ExitCodes.Usage;
        }

        var sendResult = await SendWithProgressAsync(http, formatters, plan, deliveries, settings, cancellationToken);

        VerificationResult? verification = null;
        string? verificationProblem = null;
        var exitCode = sendResult.Rejected.Count == 0 ? ExitCodes.Passed : ExitCodes.Failed;
        if (settings.Verify)
        {
            if (secrets.ReaderKey is { Length: > 0 } key) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            try
            {
                verification = await new LogVerifier(http, settings.Concurrency, new RetryPolicy(), clock).VerifyAsync(plan, cancellationToken);
                if (!verification.Passed) exitCode = ExitCodes.Failed;
            }
            catch (VerificationAccessException ex)
            {
                verificationProblem = ex.Message;
                exitCode = ExitCodes.Usage;
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.Text.Json.JsonException)
            {
                verificationProblem = "Verification failed: " + ex.Message;
                exitCode = ExitCodes.Failed;
            }
        }

        RunReport.Print(console, plan, deliveries, sendResult, verification);
        if (settings.SummaryFile is { } summaryFile) RunSummary.From(plan, deliveries, sendResult, verification).WriteTo(summaryFile);
        if (verificationProblem is not null) console.MarkupLineInterpolated($"[red]error:[/] {verificationProblem}");
        if (verification?.Note is { } note) console.MarkupLineInterpolated($"[yellow]{note}[/]");
        if (!settings.SeedWasGiven) console.MarkupLineInterpolated($"[grey]re-run this exact day with --seed {plan.Options.Seed}[/]");
        return exitCode;
    }

    private static Dictionary<Provider, IWebhookFormatter> CreateFormatters(RunSettings settings, SimulatorSecrets secrets, List<string> problems)
    {
        var formatters = new Dictionary<Provider, IWebhookFormatter>();
        foreach (var provider in settings.Plan.Providers.Where(p => p.Value > 0).Select(p => p.Key))
        {
            switch (provider)
            {
                case Provider.Callaro when secrets.CallaroSigningSecret is { Length: > 0 } secret:
                    formatters[provider] = new CallaroFormatter(secret);
                    break;
                case Provider.Twilio when secrets.TwilioAuthToken is { Length: > 0 } token:
                    formatters[provider] = new TwilioFormatter(token, secrets.PublicBaseUrl ?? settings.AppUrl.ToString());
                    break;
                case Provider.Vonage when secrets.VonageSignatureSecret is { Length: > 0 } secret:
                    formatters[provider] = new VonageFormatter(secret);
                    break;
                default:
                    var (option, key) = provider switch
                    {
                        Provider.Callaro => ("--callaro-secret", SecretResolver.CallaroSecretKey),
                        Provider.Twilio => ("--twilio-auth-token", SecretResolver.TwilioTokenKey),
                        _ => ("--vonage-secret", SecretResolver.VonageSecretKey),
                    };
                    problems.Add($"No secret to sign {provider} requests with: pass {option}, set {key}, put it in local.settings.json Values, " +
                                 $"or leave {provider.ToString().ToLowerInvariant()} out of --providers.");
                    break;
            }
        }
        return formatters;
    }

    private static HttpClient CreateClient(RunSettings settings) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = settings.AppUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>Any HTTP answer counts: only a refused or timed-out connection means the app is not there.</summary>
    private static async Task<bool> IsReachableAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync("", cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<SendResult> SendWithProgressAsync(
        HttpClient http, IReadOnlyDictionary<Provider, IWebhookFormatter> formatters, CallPlan plan, IReadOnlyList<Delivery> deliveries,
        RunSettings settings, CancellationToken cancellationToken)
    {
        // --rate is in calls per second; the sender paces requests, so scale by requests per call.
        var requestsPerSecond = settings.CallsPerSecond * deliveries.Count / plan.Calls.Count;
        var sender = new WebhookSender(http, formatters,
            new SenderOptions { Concurrency = settings.Concurrency, RequestsPerSecond = requestsPerSecond }, clock);

        SendResult? result = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("posting events", maxValue: deliveries.Count);
                result = await sender.SendAsync(deliveries, () => task.Increment(1), cancellationToken);
            });
        return result!;
    }
}
