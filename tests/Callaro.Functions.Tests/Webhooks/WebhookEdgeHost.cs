using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Functions.Configuration;
using Callaro.Functions.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Callaro.Functions.Tests.Webhooks;

/// <summary>
/// Just the webhook module on a test server, for the checks that must answer before anything reaches
/// storage (content type, size, signature, payload). The ingestor only counts calls, so a test can
/// assert that a rejected delivery was never handed on. Storage-backed behaviour is tested through the
/// app itself against Azurite.
/// </summary>
internal sealed class WebhookEdgeHost : IAsyncDisposable
{
    public const string SigningSecret = "edge-signing-secret";
    public const string TwilioToken = "edge-twilio-token";
    public const string VonageSecret = "edge-vonage-secret";

    private readonly WebApplication _app;

    private WebhookEdgeHost(WebApplication app, CountingIngestor ingestor, RecordingRejections rejections, FixedClock clock)
    {
        _app = app;
        Ingestor = ingestor;
        Rejections = rejections;
        Clock = clock;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }
    public CountingIngestor Ingestor { get; }
    public RecordingRejections Rejections { get; }
    public FixedClock Clock { get; }

    public static async Task<WebhookEdgeHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>
        {
            ["Callaro:Webhooks:SigningSecret"] = SigningSecret,
            ["Callaro:Twilio:AuthToken"] = TwilioToken,
            ["Callaro:Vonage:SignatureSecret"] = VonageSecret,
        });
        var clock = new FixedClock(DateTimeOffset.UtcNow);
        var ingestor = new CountingIngestor();
        var rejections = new RecordingRejections();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<CallIngestor>(ingestor);
        builder.Services.AddSingleton<IWebhookRejectionRecorder>(rejections);
        builder.Services.AddProblemDetails();
        // The app binds (and validates) these in AddCallaroOptions; here only the webhook module runs.
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName);
        builder.Services.AddOptions<TwilioOptions>().BindConfiguration(TwilioOptions.SectionName);
        builder.Services.AddOptions<VonageOptions>().BindConfiguration(VonageOptions.SectionName);
        builder.Services.AddOptions<PublicUrlOptions>().BindConfiguration(PublicUrlOptions.SectionName);
        builder.AddWebhooks();

        var app = builder.Build();
        app.MapWebhooks();
        await app.StartAsync();
        return new WebhookEdgeHost(app, ingestor, rejections, clock);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    internal sealed class CountingIngestor : CallIngestor
    {
        public int Calls;

        public List<CallEvent> Received { get; } = [];

        public override Task<IngestResult> IngestAsync(IReadOnlyList<CallEvent> events, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Calls);
            lock (Received)
            {
                Received.AddRange(events);
            }

            return Task.FromResult(new IngestResult(events.Count, 0));
        }
    }

    internal sealed class RecordingRejections : IWebhookRejectionRecorder
    {
        public List<WebhookRejection> Recorded { get; } = [];

        public void Record(WebhookRejection rejection)
        {
            lock (Recorded)
            {
                Recorded.Add(rejection);
            }
        }
    }
}
