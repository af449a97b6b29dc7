using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Callaro.Core;
using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Core.Workspaces;
using Callaro.Functions.Configuration;
using Callaro.Functions.Hosting;
using Callaro.Functions.Problems;
using Callaro.Functions.Reports;
using Callaro.Functions.Storage;
using Callaro.Functions.Tests.Infrastructure;
using Callaro.Functions.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Callaro.Functions.Tests.Webhooks;

/// <summary>
/// The webhook pipeline as the HTTP functions call it, whatever hosts them: the app's own registrations
/// (options, storage on Azurite with a unique prefix, core, webhooks, rejection counting) in a plain host,
/// with no HTTP server. Deliveries are handed over as requests; answers come back as the results the
/// function returns (an exception is what the app's problem translator would turn into 503 or 500).
/// </summary>
internal sealed class PipelineHost : IAsyncDisposable
{
    public const string SigningSecret = "pipeline-signing-secret";
    public const string TwilioToken = "pipeline-twilio-token";
    public const string VonageSecret = "pipeline-vonage-secret";
    public const string PublicBaseUrl = "https://callaro.example.net";

    private readonly IHost _host;

    private PipelineHost(IHost host, StorageNames names)
    {
        _host = host;
        Names = names;
    }

    public StorageNames Names { get; }

    public IServiceProvider Services => _host.Services;

    public WebhookPipeline Pipeline => Services.GetRequiredService<WebhookPipeline>();

    public RecordingIngestor Ingestor => (RecordingIngestor)Services.GetRequiredService<CallIngestor>();

    public static async Task<PipelineHost> StartAsync(string? connectionString = null, IDictionary<string, string?>? settings = null)
    {
        var names = new StorageNames("p" + Guid.NewGuid().ToString("N")[..8]);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Callaro:Storage:ConnectionString"] = connectionString ?? CallaroApplication.StorageConnectionString,
            ["Callaro:Storage:NamePrefix"] = names.Prefix,
            ["Callaro:Webhooks:SigningSecret"] = SigningSecret,
            ["Callaro:Twilio:AuthToken"] = TwilioToken,
            ["Callaro:Vonage:SignatureSecret"] = VonageSecret,
            ["Callaro:PublicBaseUrl"] = PublicBaseUrl,
            [BlobTriggerContainers.RecordingsSetting] = names.RecordingsContainer,
            [BlobTriggerContainers.TranscriptsSetting] = names.TranscriptsContainer,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddCallaroOptions();
        builder.AddCallaroStorage();
        builder.AddCallaroCore();
        builder.Services.Replace(ServiceDescriptor.Singleton<CallIngestor>(sp => new RecordingIngestor(
            sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<StorageNames>(), sp.GetRequiredService<IWorkspaceTimeZoneSource>())));
        builder.AddWebhooks();
        builder.AddHealthReports();
        var host = builder.Build();
        if (connectionString is null)
        {
            await host.Services.GetRequiredService<StorageProvisioner>().ProvisionAsync();
        }

        await host.StartAsync();
        return new PipelineHost(host, names);
    }

    /// <summary>A delivery as the HTTP layer hands it over.</summary>
    public static HttpRequest Request(string path, string contentType, byte[] body, IDictionary<string, string>? headers = null, string query = "")
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = "POST";
        request.Scheme = "https";
        request.Host = new HostString("callaro.example.net");
        request.Path = path;
        request.QueryString = new QueryString(query);
        request.ContentType = contentType;
        request.ContentLength = body.Length;
        request.Body = new MemoryStream(body);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers[name] = value;
        }

        return request;
    }

    /// <summary>The status the sender sees, and the problem body when there is one.</summary>
    public async Task<(int Status, string Body)> SendAsync(string endpoint, HttpRequest request, CancellationToken cancellationToken = default)
    {
        IResult result;
        try
        {
            result = (await Pipeline.ReceiveAsync(endpoint, request, cancellationToken)).Result;
        }
        catch (Exception e)
        {
            result = ProblemTranslationMiddleware.Translate(e, request.HttpContext);
        }

        var status = ((IStatusCodeHttpResult)result).StatusCode ?? 200;
        var body = result switch
        {
            ProblemHttpResult p => $"{p.ProblemDetails.Title}: {p.ProblemDetails.Detail} {string.Join("; ", p.ProblemDetails.Extensions.Select(x => $"{x.Key}={Describe(x.Value)}"))}",
            ValidationProblem v => $"{v.ProblemDetails.Title}: {string.Join("; ", v.ProblemDetails.Errors.Select(x => $"{x.Key}: {string.Join(" ", x.Value)}"))}",
            Ok<WebhookAccepted> ok => $"accepted {ok.Value!.Accepted}, duplicates {ok.Value.Duplicates}",
            _ => "",
        };
        return (status, body);
    }

    private static string Describe(object? value) => value is IDictionary<string, string[]> errors
        ? string.Join(", ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))
        : value?.ToString() ?? "";

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    /// <summary>The real ingestor, noting which calls it was handed, so a test can tell stored calls from rejected ones.</summary>
    internal sealed class RecordingIngestor(TableServiceClient service, StorageNames names, IWorkspaceTimeZoneSource zones)
        : CallIngestor(service, names, zones)
    {
        private static readonly AsyncLocal<StrongBox<int>?> Delivery = new();

        public HashSet<(string Workspace, string CallId)> Handed { get; } = [];

        /// <summary>Counts the ingest calls made on behalf of the current delivery (the async flow that calls this).</summary>
        public static StrongBox<int> CountThisDelivery() => Delivery.Value = new StrongBox<int>();

        public override Task<IngestResult> IngestAsync(IReadOnlyList<CallEvent> events, CancellationToken cancellationToken = default)
        {
            if (Delivery.Value is { } count)
            {
                Interlocked.Increment(ref count.Value);
            }

            lock (Handed)
            {
                foreach (var e in events)
                {
                    Handed.Add((e.WorkspaceId, e.CallId));
                }
            }

            return base.IngestAsync(events, cancellationToken);
        }
    }
}
