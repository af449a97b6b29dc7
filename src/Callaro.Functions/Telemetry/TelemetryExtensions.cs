using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Callaro.Functions.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>Where Application Insights takes telemetry; set by the deployment (infra/main.bicep).</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Names the managed identity that signs in to Application Insights (see <see cref="TelemetryIdentity"/>).</summary>
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>The share of traces exported, 0 to 1 (default 1); metrics are always complete.</summary>
    public const string TraceSampleRatioSetting = "Callaro:Telemetry:TraceSampleRatio";

    /// <summary>The Azure SDK's own spans (storage calls as dependencies) are behind this switch.</summary>
    private const string AzureSdkActivitySwitch = "Azure.Experimental.EnableActivitySource";

    /// <summary>
    /// Exports the app's traces and metrics (<see cref="CallaroTelemetry"/>, each request and the storage calls
    /// it makes) to Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, signed in as
    /// the identity <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> names. Without a connection string
    /// (local runs, tests) no provider is registered: nothing is exported and nothing is listened to.
    /// </summary>
    /// <exception cref="InvalidOperationException">The authentication string is not one Application Insights accepts.</exception>
    public static IServiceCollection AddCallaroTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        // Read once per process by the Azure SDK, so set before any storage client exists; without a listener it costs nothing.
        AppContext.SetSwitch(AzureSdkActivitySwitch, true);

        var connectionString = configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return services;
        }

        var credential = TelemetryIdentity.Parse(configuration[AuthenticationStringSetting])?.Credential();
        void Configure(AzureMonitorExporterOptions options)
        {
            options.ConnectionString = connectionString;
            options.Credential = credential;
        }

        var sampleRatio = TraceSampleRatio(configuration);
        services.AddCallaroSignals(configuration)
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(sampleRatio)))
                .AddAzureMonitorTraceExporter(Configure))
            .WithMetrics(metrics => metrics.AddAzureMonitorMetricExporter(Configure));
        return services;
    }

    /// <summary>Application Insights bills per GB: a busy call centre keeps a share of traces (docs/cost.md).</summary>
    private static double TraceSampleRatio(IConfiguration configuration)
    {
        var value = configuration[TraceSampleRatioSetting];
        if (string.IsNullOrWhiteSpace(value))
        {
            return 1;
        }

        return double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ratio) && ratio is >= 0 and <= 1
            ? ratio
            : throw new InvalidOperationException(
                $"{TraceSampleRatioSetting.Replace(":", "__", StringComparison.Ordinal)}='{value}' is not a share of traces; set a number from 0 to 1, e.g. 0.05.");
    }

    /// <summary>
    /// What is collected, whatever it is exported to: the app's source and meter, incoming requests, the storage
    /// SDK's spans, all scrubbed (<see cref="TelemetryScrubber"/>) before any exporter sees them.
    /// </summary>
    internal static OpenTelemetryBuilder AddCallaroSignals(this IServiceCollection services, IConfiguration configuration)
    {
        var signals = services.AddOpenTelemetry();
        // The worker's own invocation span (function name, invocation id), under which the request and storage spans nest.
        signals.UseFunctionsWorkerDefaults();
        return signals
            .ConfigureResource(resource => resource.AddService(configuration["WEBSITE_SITE_NAME"] ?? CallaroTelemetry.Name))
            .WithTracing(tracing => tracing
                .AddSource(CallaroTelemetry.Name)
                .AddSource("Azure.*")
                .AddAspNetCoreInstrumentation()
                .AddProcessor(new TelemetryScrubber()))
            .WithMetrics(metrics => metrics.AddMeter(CallaroTelemetry.Name));
    }
}
