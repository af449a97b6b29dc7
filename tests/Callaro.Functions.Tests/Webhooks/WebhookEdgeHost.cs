using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Functions.Tests.Infrastructure;
using Callaro.Functions.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Callaro.Functions.Tests.Webhooks;

/// <summary>
/// The app with an ingestor that only counts calls and a recorder of rejections, for the checks that must answer
/// before anything reaches storage (content type, size, signature, payload): a test can assert that a rejected
/// delivery was never handed on. Storage-backed behaviour is tested through the app itself against Azurite.
/// </summary>
internal sealed class WebhookEdgeHost : IAsyncDisposable
{
    public const string SigningSecret = "edge-signing-secret";
    public const string TwilioToken = "edge-twilio-token";
    public const string VonageSecret = "edge-vonage-secret";

    private readonly CallaroApplication _app;

    private WebhookEdgeHost(CallaroApplication app, CountingIngestor ingestor, RecordingRejections rejections, FixedClock clock)
    {
        _app = app;
        Ingestor = ingestor;
        Rejections = rejections;
        Clock = clock;
        Client = app.CreateDefaultClient();
    }

    public HttpClient Client { get; }
    public CountingIngestor Ingestor { get; }
    public RecordingRejections Rejections { get; }
    public FixedClock Clock { get; }

    /// <param name="settings">Settings over the app's test defaults (the three secrets above unless given).</param>
    public static async Task<WebhookEdgeHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var app = new CallaroApplication();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>
        {
            ["Callaro:Webhooks:SigningSecret"] = SigningSecret,
            ["Callaro:Twilio:AuthToken"] = TwilioToken,
            ["Callaro:Vonage:SignatureSecret"] = VonageSecret,
        })
        {
            app.WithSetting(key, value);
        }

        var clock = new FixedClock(DateTimeOffset.UtcNow);
        var ingestor = new CountingIngestor();
        var rejections = new RecordingRejections();
        app.WithServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            services.Replace(ServiceDescriptor.Singleton<CallIngestor>(ingestor));
            services.Replace(ServiceDescriptor.Singleton<IWebhookRejectionRecorder>(rejections));
        });
        await app.StartAsync();
        return new WebhookEdgeHost(app, ingestor, rejections, clock);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }

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
