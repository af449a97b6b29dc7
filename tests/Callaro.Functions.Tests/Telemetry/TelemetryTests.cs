using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Callaro.Functions.Telemetry;
using Callaro.Functions.Tests.Infrastructure;
using Callaro.Functions.Webhooks.Signatures;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Callaro.Functions.Tests.Telemetry;

/// <summary>
/// Runs alone: the app's meter and activity source are process-wide, so another test's app would add to the counts.
/// </summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;

/// <summary>What an operator sees in Application Insights, exported in memory instead.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryTests
{
    private const string Endpoint = CallaroTelemetry.Tags.Endpoint;
    private const string Outcome = CallaroTelemetry.Tags.Outcome;
    private const string Reason = CallaroTelemetry.Tags.Reason;

    [Fact]
    public async Task WebhookEventsAreCountedAcceptedDuplicatedAndRejectedByEndpointAndReason()
    {
        var telemetry = new TelemetryCapture();
        using var app = telemetry.Attach(new CallaroApplication());
        var client = app.CreateAnonymousClient();
        var ringing = CallaroEvent("count-r", "call.ringing", "call-count");

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(SignedCallaro(ringing))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(SignedCallaro(ringing))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Unsigned("/api/webhooks/callaro", ringing))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(SignedCallaro("""{"id":"x","type":"call.sung"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Unsigned("/api/webhooks/vonage", ringing))).StatusCode);

        Assert.Equal(1, telemetry.Total("callaro.webhook.events", (Endpoint, "callaro"), (Outcome, "accepted")));
        Assert.Equal(1, telemetry.Total("callaro.webhook.events", (Endpoint, "callaro"), (Outcome, "duplicate")));
        Assert.Equal(1, telemetry.Total("callaro.webhook.rejections", (Endpoint, "callaro"), (Reason, "bad-signature")));
        Assert.Equal(1, telemetry.Total("callaro.webhook.rejections", (Endpoint, "callaro"), (Reason, "validation")));
        Assert.Equal(1, telemetry.Total("callaro.webhook.rejections", (Endpoint, "vonage"), (Reason, "bad-signature")));
        Assert.Equal(2, telemetry.Total("callaro.ingest.duration", (Endpoint, "callaro"), (Outcome, "stored")));
    }

    [Fact]
    public async Task AWebhookDeliveryIsOneTraceWithItsStorageCallsAsDependencies()
    {
        var telemetry = new TelemetryCapture();
        using var app = telemetry.Attach(new CallaroApplication());

        var response = await app.CreateAnonymousClient().SendAsync(SignedCallaro(CallaroEvent("trace-r", "call.ringing", "call-trace")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = await telemetry.SpanAsync(s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") as string == "/api/webhooks/callaro", "for the request");
        var ingest = await telemetry.SpanAsync(s => s.DisplayName == "ingest callaro" && s.TraceId == request.TraceId, "for storing the events");
        // One trace: the host's request, and the worker's invocation span with the ingest under it.
        var invocation = telemetry.Spans.Single(s => s.SpanId == ingest.ParentSpanId);
        Assert.Equal(request.TraceId, invocation.TraceId);
        Assert.Contains("Functions.Worker", invocation.Source.Name, StringComparison.Ordinal);
        Assert.Equal("call-trace", ingest.GetTagItem(CallaroTelemetry.Tags.CallId));
        Assert.Equal("stored", ingest.GetTagItem(Outcome));
        Assert.Equal(200, request.GetTagItem("http.response.status_code"));
        var storageCalls = telemetry.Spans.Where(s => s.ParentSpanId == ingest.SpanId).ToList();
        Assert.True(storageCalls.Count > 0, string.Join("\n", telemetry.Spans.Select(s => $"{s.Source.Name} {s.Kind} {s.DisplayName} {s.ParentSpanId} {s.SpanId}")));
        Assert.All(storageCalls, call => Assert.StartsWith("Azure.", call.Source.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TelemetryCarriesNoFullPhoneNumberCallContentKeyOrSecret()
    {
        var telemetry = new TelemetryCapture();
        using var app = telemetry.Attach(new CallaroApplication());
        var client = app.CreateAnonymousClient();
        const string summary = "Customer disputes invoice 4471 and wants a callback";
        var logged = CallaroEvent("private-l", "call.logged", "call-private", $$""","summary":"{{summary}}","outcome":"callback" """);
        var signed = SignedCallaro(logged);
        var signature = signed.Headers.GetValues(CallaroSignatureVerifier.HeaderName).Single();

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(signed)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateReaderClient().GetAsync("/api/calls?workspace=default&number=%2B14155550123")).StatusCode);
        await telemetry.SpanAsync(s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") as string == "/api/calls", "for the call log read");

        var everything = telemetry.Everything();
        Assert.Contains("+*******0123", everything); // the caller, masked, on the ingest span
        foreach (var secret in new[] { "14155550123", "4155550123", summary, CallaroApplication.WebhookSigningSecret, signature,
                     CallaroApplication.ReaderKey, "AccountKey", "sig=" })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task StorageRetriesAndTimeoutsAreCountedWhenStorageStalls()
    {
        using var storage = new StalledStorage();
        var telemetry = new TelemetryCapture();
        using var app = telemetry.Attach(new CallaroApplication()
            .WithSetting("Callaro:Storage:ConnectionString", storage.ConnectionString)
            .WithoutProvisioning());

        var response = await app.CreateAnonymousClient().SendAsync(SignedCallaro(CallaroEvent("stall-r", "call.ringing", "call-stall")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        // Three tries of 3 s against the request's 7 s: two cut off by the network timeout, two retries sent.
        Assert.Equal(2, telemetry.Total("callaro.storage.timeouts", (CallaroTelemetry.Tags.StorageService, "table")));
        Assert.Equal(2, telemetry.Total("callaro.storage.retries", (CallaroTelemetry.Tags.StorageService, "table")));
        Assert.Equal(1, telemetry.Total("callaro.ingest.duration", (Endpoint, "callaro"), (Outcome, "unavailable")));
    }

    [Fact]
    public async Task WithoutAConnectionStringNothingIsCollectedAndWebhooksWork()
    {
        using var app = new CallaroApplication();

        var response = await app.CreateAnonymousClient().SendAsync(SignedCallaro(CallaroEvent("quiet-r", "call.ringing", "call-quiet")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
    }

    private static string CallaroEvent(string id, string type, string callId, string extra = "") =>
        $$"""{"id":"{{id}}","type":"{{type}}","occurredAt":"{{DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}}","callId":"{{callId}}","direction":"incoming","caller":"+1 (415) 555-0123","callee":"+4930222333"{{extra}}}""";

    private static HttpRequestMessage SignedCallaro(string body)
    {
        var request = Unsigned("/api/webhooks/callaro", body);
        request.Headers.Add(CallaroSignatureVerifier.HeaderName,
            CallaroSignatureVerifier.CreateHeader(CallaroApplication.WebhookSigningSecret, DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(body)));
        return request;
    }

    private static HttpRequestMessage Unsigned(string path, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return request;
    }
}
