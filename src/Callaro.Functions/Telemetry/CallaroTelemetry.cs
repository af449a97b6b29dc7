using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Callaro.Functions.Telemetry;

/// <summary>
/// The app's own traces and metrics, for operators (the health report and digest stay the managers' view).
/// Static like the runtime's own sources: recording costs nothing until a listener (the OpenTelemetry
/// providers of <see cref="TelemetryExtensions.AddCallaroTelemetry"/>) subscribes to <see cref="Name"/>.
/// Tags carry endpoints, reasons and outcomes only; never call content, keys or secrets.
/// </summary>
public static class CallaroTelemetry
{
    /// <summary>The name of the app's <see cref="ActivitySource"/> and <see cref="Meter"/>.</summary>
    public const string Name = "Callaro.Functions";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Events stored (<c>accepted</c>) or recognised as already stored (<c>duplicate</c>), by endpoint.</summary>
    internal static readonly Counter<long> WebhookEvents =
        Meter.CreateCounter<long>("callaro.webhook.events", "{event}", "Webhook events by endpoint and outcome (accepted, duplicate).");

    /// <summary>Deliveries answered 4xx, by endpoint and reason; nothing of them was stored.</summary>
    internal static readonly Counter<long> WebhookRejections =
        Meter.CreateCounter<long>("callaro.webhook.rejections", "{delivery}", "Rejected webhook deliveries by endpoint and reason.");

    /// <summary>From a signed, valid delivery to its events being durably stored (or storage giving up).</summary>
    internal static readonly Histogram<double> IngestDuration =
        Meter.CreateHistogram<double>("callaro.ingest.duration", "s", "Time to store a valid delivery's events, by endpoint and outcome.");

    /// <summary>Storage requests sent again by the clients' retry policy, by service.</summary>
    internal static readonly Counter<long> StorageRetries =
        Meter.CreateCounter<long>("callaro.storage.retries", "{request}", "Storage requests retried, by service (table, blob).");

    /// <summary>Storage tries that got no answer within the network timeout, by service.</summary>
    internal static readonly Counter<long> StorageTimeouts =
        Meter.CreateCounter<long>("callaro.storage.timeouts", "{request}", "Storage tries cut off by the network timeout, by service.");

    /// <summary>Tag names, namespaced so they never clash with OpenTelemetry's conventions.</summary>
    public static class Tags
    {
        public const string Endpoint = "callaro.webhook.endpoint";
        public const string Outcome = "callaro.webhook.outcome";
        public const string Reason = "callaro.webhook.reason";
        public const string Events = "callaro.webhook.events";
        public const string CallId = "callaro.call.id";
        public const string Caller = "callaro.call.caller";
        public const string Callee = "callaro.call.callee";
        public const string StorageService = "callaro.storage.service";
    }
}
