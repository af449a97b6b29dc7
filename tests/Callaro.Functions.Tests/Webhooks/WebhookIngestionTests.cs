using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Callaro.Core;
using Callaro.Core.Calls;
using Callaro.Functions.Tests.Infrastructure;
using Callaro.Functions.Webhooks.Signatures;
using Azure.Data.Tables;

namespace Callaro.Functions.Tests.Webhooks;

/// <summary>Webhook deliveries through the whole app into Azurite.</summary>
public class WebhookIngestionTests
{
    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string CallaroEvent(string id, string type, string callId, DateTimeOffset at, string extra = "") =>
        $$"""{"id":"{{id}}","type":"{{type}}","occurredAt":"{{Iso(at)}}","callId":"{{callId}}","direction":"incoming","caller":"+4930111","callee":"+4930222"{{extra}}}""";

    private static HttpRequestMessage SignedCallaro(string body, DateTimeOffset? signedAt = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/callaro") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(CallaroSignatureVerifier.HeaderName,
            CallaroSignatureVerifier.CreateHeader(CallaroApplication.WebhookSigningSecret, signedAt ?? DateTimeOffset.UtcNow, bytes));
        return request;
    }

    private static HttpRequestMessage SignedTwilio(string path, params (string Name, string Value)[] fields)
    {
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioSignatureVerifier.HeaderName,
            TwilioSignatureVerifier.Sign(CallaroApplication.TwilioAuthToken, CallaroApplication.PublicBaseUrl + path, form));
        return request;
    }

    private static string Rfc1123(DateTimeOffset at) => at.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    private static async Task<CallRecord?> ReadCallAsync(CallaroApplication app, string callId, string workspaceId = "default")
    {
        var reader = new CallRecordReader(new TableServiceClient(CallaroApplication.StorageConnectionString), app.Names);
        return await reader.GetAsync(workspaceId, callId);
    }

    private static async Task<(int Accepted, int Duplicates)> AcceptedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200 but got {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return (json.RootElement.GetProperty("accepted").GetInt32(), json.RootElement.GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task UnsignedWebhookIsRejected()
    {
        using var app = new CallaroApplication();
        var content = new StringContent(CallaroEvent("e1", "call.ringing", "c1", DateTimeOffset.UtcNow), Encoding.UTF8, "application/json");

        var response = await app.CreateAnonymousClient().PostAsync("/api/webhooks/callaro", content);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Webhook signature rejected", problem.Title);
        Assert.Contains("X-Callaro-Signature header is missing", problem.Detail);
        Assert.Equal("X-Callaro-Signature", problem.Extension("header"));
        Assert.DoesNotContain(CallaroApplication.WebhookSigningSecret, problem.Raw);
        Assert.Null(await ReadCallAsync(app, "c1"));
    }

    [Fact]
    public async Task DuplicateDeliveryIsStoredOnce()
    {
        using var app = new CallaroApplication();
        var client = app.CreateAnonymousClient();
        var body = CallaroEvent("evt-dup-1", "call.ringing", "call-dup", DateTimeOffset.UtcNow.AddMinutes(-1));

        var first = await AcceptedAsync(await client.SendAsync(SignedCallaro(body)));
        var second = await AcceptedAsync(await client.SendAsync(SignedCallaro(body)));

        Assert.Equal((1, 0), first);
        Assert.Equal((0, 1), second);
        var call = await ReadCallAsync(app, "call-dup");
        Assert.NotNull(call);
        Assert.Equal(1, call.EventCount);
        Assert.Equal(CallStatus.Ringing, call.Status);
    }

    [Fact]
    public async Task ABatchIsStoredAndAnsweredWithCounts()
    {
        using var app = new CallaroApplication();
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        var batch = $"[{CallaroEvent("b1", "call.ringing", "call-b", at)},{CallaroEvent("b2", "call.answered", "call-b", at.AddSeconds(5))},{CallaroEvent("b3", "call.completed", "call-b", at.AddSeconds(65), ",\"durationSeconds\":60")}]";

        var result = await AcceptedAsync(await app.CreateAnonymousClient().SendAsync(SignedCallaro(batch)));

        Assert.Equal((3, 0), result);
        var call = await ReadCallAsync(app, "call-b");
        Assert.Equal(CallStatus.Completed, call?.Status);
    }

    [Fact]
    public async Task ABatchWithOneBadEventStoresNothing()
    {
        using var app = new CallaroApplication();
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        var batch = $$"""[{{CallaroEvent("g1", "call.ringing", "call-good", at)}},{"id":"g2","type":"call.missed","occurredAt":"2026-11-21T08:00:00","callId":"call-good"}]""";

        var response = await app.CreateAnonymousClient().SendAsync(SignedCallaro(batch));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("Nothing was stored", problem.Detail);
        Assert.Contains("offset", problem.Body.GetProperty("errors").GetProperty("events[1].occurredAt")[0].GetString());
        Assert.Null(await ReadCallAsync(app, "call-good"));
    }

    [Fact]
    public async Task ABodyOver256KiBIs413()
    {
        using var app = new CallaroApplication();
        var body = "[" + new string(' ', 256 * 1024) + "]";

        var response = await app.CreateAnonymousClient().SendAsync(SignedCallaro(body));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("256 KiB", problem.Detail);
    }

    [Fact]
    public async Task AWrongContentTypeIs415()
    {
        using var app = new CallaroApplication();
        var content = new StringContent("id=1", Encoding.UTF8, "text/plain");

        var response = await app.CreateAnonymousClient().PostAsync("/api/webhooks/callaro", content);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.Detail);
    }

    [Fact]
    public async Task AStorageOutageIs503WithRetryAfterSoTheSenderRetries()
    {
        using var app = new CallaroApplication()
            .WithSetting("Callaro:Storage:ConnectionString", Azurite.ConnectionStringToClosedPort())
            .WithoutProvisioning();

        var response = await app.CreateAnonymousClient().SendAsync(SignedCallaro(CallaroEvent("o1", "call.ringing", "call-o", DateTimeOffset.UtcNow)));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task TwilioChildLegsFoldIntoTheParentsRecord()
    {
        using var app = new CallaroApplication();
        var client = app.CreateAnonymousClient();
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        (string, string)[] parent = [("AccountSid", "AC1"), ("CallSid", "CAparent"), ("Direction", "inbound"), ("From", "+4930111"), ("To", "+4930222")];
        (string, string)[] child = [("AccountSid", "AC1"), ("CallSid", "CAchild"), ("ParentCallSid", "CAparent"), ("Direction", "outbound-dial"), ("From", "+4930222"), ("To", "+4930999")];

        // Delivered out of order on purpose: the parent's completion first.
        await AcceptedAsync(await client.SendAsync(SignedTwilio("/api/webhooks/twilio",
            [.. parent, ("CallStatus", "completed"), ("CallDuration", "70"), ("SequenceNumber", "2"), ("Timestamp", Rfc1123(at.AddSeconds(80)))])));
        await AcceptedAsync(await client.SendAsync(SignedTwilio("/api/webhooks/twilio",
            [.. child, ("CallStatus", "no-answer"), ("SequenceNumber", "0"), ("Timestamp", Rfc1123(at.AddSeconds(5)))])));
        await AcceptedAsync(await client.SendAsync(SignedTwilio("/api/webhooks/twilio",
            [.. child, ("CallStatus", "completed"), ("CallDuration", "60"), ("SequenceNumber", "1"), ("Timestamp", Rfc1123(at.AddSeconds(75)))])));
        await AcceptedAsync(await client.SendAsync(SignedTwilio("/api/webhooks/twilio",
            [.. parent, ("CallStatus", "ringing"), ("SequenceNumber", "0"), ("Timestamp", Rfc1123(at))])));

        var call = await ReadCallAsync(app, "CAparent");
        Assert.NotNull(call);
        Assert.Equal(CallStatus.Completed, call.Status);
        Assert.Equal(CallDirection.Incoming, call.Direction);
        Assert.Equal(("+4930111", "+4930222"), (call.Caller, call.Callee));
        Assert.Equal(4, call.EventCount);
        Assert.Null(await ReadCallAsync(app, "CAchild"));
    }

    [Fact]
    public async Task ATwilioRecordingCallbackPutsRecordingDetailsOnTheCall()
    {
        using var app = new CallaroApplication();
        var client = app.CreateAnonymousClient();
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        await AcceptedAsync(await client.SendAsync(SignedTwilio("/api/webhooks/twilio",
            ("CallSid", "CArec"), ("CallStatus", "ringing"), ("Direction", "inbound"), ("Timestamp", Rfc1123(at)))));

        var result = await AcceptedAsync(await client.SendAsync(SignedTwilio("/api/webhooks/twilio/recording",
            ("CallSid", "CArec"), ("RecordingSid", "RE1"), ("RecordingStatus", "completed"), ("RecordingUrl", "https://recordings.example/RE1"),
            ("RecordingDuration", "42"), ("RecordingChannels", "2"), ("RecordingStartTime", Rfc1123(at.AddSeconds(5))))));

        Assert.Equal((1, 0), result);
        Assert.Equal(new ProviderRecording("RE1", "https://recordings.example/RE1", 42, 2), (await ReadCallAsync(app, "CArec"))?.Recording);
    }

    [Fact]
    public async Task AVonageEventIsStoredUnderItsLeg()
    {
        using var app = new CallaroApplication();
        var body = Encoding.UTF8.GetBytes($$"""{"uuid":"leg-v1","conversation_uuid":"CON-v","status":"answered","direction":"inbound","from":"4930111","to":"4930222","timestamp":"{{Iso(DateTimeOffset.UtcNow.AddMinutes(-1))}}"}""");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/vonage") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            VonageSignatureVerifier.CreateToken(CallaroApplication.VonageSignatureSecret, DateTimeOffset.UtcNow, body));

        var result = await AcceptedAsync(await app.CreateAnonymousClient().SendAsync(request));

        Assert.Equal((1, 0), result);
        Assert.Equal(CallStatus.Answered, (await ReadCallAsync(app, "leg-v1"))?.Status);
        // Vonage's JWT is its signature, not an access key: no "rejected key" noise for operators.
        Assert.DoesNotContain(app.Logs, line => line.Contains("access key", StringComparison.OrdinalIgnoreCase));
    }
}
