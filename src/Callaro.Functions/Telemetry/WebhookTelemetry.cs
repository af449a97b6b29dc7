using System.Diagnostics;
using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Functions.Webhooks;

namespace Callaro.Functions.Telemetry;

/// <summary>What the webhook pipeline reports: a span and a latency per stored delivery, counts per outcome.</summary>
internal static class WebhookTelemetry
{
    public const string Stored = "stored";
    public const string Unkeepable = "unkeepable";
    public const string Unavailable = "unavailable";

    /// <summary>
    /// Runs <paramref name="ingest"/> (storing a valid delivery's events) inside an <c>ingest {endpoint}</c> span,
    /// so the storage calls it makes are its children, and records how long it took and what became of the events.
    /// </summary>
    public static async Task<IngestResult> IngestAsync(
        string endpoint, IReadOnlyList<CallEvent> events, Func<IReadOnlyList<CallEvent>, CancellationToken, Task<IngestResult>> ingest,
        CancellationToken cancellationToken)
    {
        using var activity = CallaroTelemetry.Source.StartActivity($"ingest {endpoint}");
        if (activity is not null)
        {
            Describe(activity, endpoint, events);
        }

        var started = Stopwatch.GetTimestamp();
        var outcome = Unavailable;
        try
        {
            var result = await ingest(events, cancellationToken);
            outcome = Stored;
            Count(endpoint, "accepted", result.Accepted);
            Count(endpoint, "duplicate", result.Duplicates);
            activity?.SetTag("callaro.webhook.accepted", result.Accepted).SetTag("callaro.webhook.duplicates", result.Duplicates);
            return result;
        }
        catch (CallRecordLimitException)
        {
            outcome = Unkeepable;
            throw;
        }
        catch (Exception e)
        {
            // The type says what went wrong (timeout, storage error); messages can quote storage's answer.
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
        finally
        {
            activity?.SetTag(CallaroTelemetry.Tags.Outcome, outcome);
            CallaroTelemetry.IngestDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new(CallaroTelemetry.Tags.Endpoint, endpoint), new(CallaroTelemetry.Tags.Outcome, outcome));
        }
    }

    /// <summary>Counts a delivery answered 4xx (called where rejections are tallied for the health report).</summary>
    public static void Rejected(WebhookRejection rejection)
    {
        CallaroTelemetry.WebhookRejections.Add(1,
            new(CallaroTelemetry.Tags.Endpoint, rejection.Endpoint), new(CallaroTelemetry.Tags.Reason, rejection.Reason));
        Activity.Current?.SetTag(CallaroTelemetry.Tags.Reason, rejection.Reason);
    }

    private static void Count(string endpoint, string outcome, int events)
    {
        if (events > 0)
        {
            CallaroTelemetry.WebhookEvents.Add(events, new(CallaroTelemetry.Tags.Endpoint, endpoint), new(CallaroTelemetry.Tags.Outcome, outcome));
        }
    }

    /// <summary>Which call, for finding a span from a complaint: its id and masked parties, never what was said.</summary>
    private static void Describe(Activity activity, string endpoint, IReadOnlyList<CallEvent> events)
    {
        activity.SetTag(CallaroTelemetry.Tags.Endpoint, endpoint).SetTag(CallaroTelemetry.Tags.Events, events.Count);
        if (events.Select(e => e.CallId).Distinct(StringComparer.Ordinal).Count() == 1)
        {
            var first = events[0];
            activity.SetTag(CallaroTelemetry.Tags.CallId, first.CallId)
                .SetTag(CallaroTelemetry.Tags.Caller, PhoneNumberMask.Mask(first.Caller))
                .SetTag(CallaroTelemetry.Tags.Callee, PhoneNumberMask.Mask(first.Callee));
        }
    }
}
