using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Callaro.Functions.Webhooks;
using Callaro.Functions.Webhooks.Signatures;

namespace Callaro.Functions.Tests.Webhooks;

/// <summary>What a sender sees when a delivery is refused before anything is stored.</summary>
public class WebhookEdgeTests
{
    private const string Event = """{"id":"evt-1","type":"call.ringing","occurredAt":"2026-11-21T08:00:00Z","callId":"call-1"}""";

    private static HttpRequestMessage Post(string path, string body, string contentType = "application/json")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    private static HttpRequestMessage SignedCallaro(WebhookEdgeHost host, string body, string contentType = "application/json")
    {
        var request = Post("/api/webhooks/callaro", body, contentType);
        request.Headers.Add(CallaroSignatureVerifier.HeaderName,
            CallaroSignatureVerifier.CreateHeader(WebhookEdgeHost.SigningSecret, host.Clock.Now, Encoding.UTF8.GetBytes(body)));
        return request;
    }

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task UnsignedWebhookIsRejected()
    {
        await using var host = await WebhookEdgeHost.StartAsync();

        var response = await host.Client.SendAsync(Post("/api/webhooks/callaro", Event));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await ProblemOf(response);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Equal("Webhook signature rejected", problem.GetProperty("title").GetString());
        Assert.Contains("X-Callaro-Signature header is missing", problem.GetProperty("detail").GetString());
        Assert.Equal("X-Callaro-Signature", problem.GetProperty("header").GetString());
        Assert.Equal(0, host.Ingestor.Calls);
        Assert.Equal(new WebhookRejection("callaro", "bad-signature", host.Clock.Now), Assert.Single(host.Rejections.Recorded));
    }

    [Fact]
    public async Task AStaleSignatureIsRejectedSayingSo()
    {
        await using var host = await WebhookEdgeHost.StartAsync();
        var request = SignedCallaro(host, Event);
        host.Clock.Now = host.Clock.Now.AddMinutes(6);

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("stale", (await ProblemOf(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ASignatureProblemNeverEchoesTheSecret()
    {
        await using var host = await WebhookEdgeHost.StartAsync();
        var request = Post("/api/webhooks/callaro", Event);
        request.Headers.Add(CallaroSignatureVerifier.HeaderName, $"t={host.Clock.Now.ToUnixTimeSeconds()},v1={new string('a', 64)}");

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(WebhookEdgeHost.SigningSecret, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/webhooks/callaro", "text/plain", "application/json")]
    [InlineData("/api/webhooks/vonage", "application/x-www-form-urlencoded", "application/json")]
    [InlineData("/api/webhooks/twilio", "text/xml", "application/x-www-form-urlencoded or application/json")]
    [InlineData("/api/webhooks/twilio/recording", "application/json", "application/x-www-form-urlencoded")]
    public async Task AWrongContentTypeIs415(string path, string contentType, string accepted)
    {
        await using var host = await WebhookEdgeHost.StartAsync();

        var response = await host.Client.SendAsync(Post(path, Event, contentType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var detail = (await ProblemOf(response)).GetProperty("detail").GetString();
        Assert.Contains(accepted, detail);
        Assert.Contains(contentType, detail);
        Assert.Equal("unsupported-media-type", Assert.Single(host.Rejections.Recorded).Reason);
    }

    [Fact]
    public async Task AJsonContentTypeWithACharsetIsAccepted()
    {
        await using var host = await WebhookEdgeHost.StartAsync();

        var response = await host.Client.SendAsync(SignedCallaro(host, "{", "application/json; charset=utf-8"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ABodyOver256KiBIs413EvenWhenSigned()
    {
        await using var host = await WebhookEdgeHost.StartAsync();
        var body = "[" + new string(' ', 256 * 1024) + "]";

        var response = await host.Client.SendAsync(SignedCallaro(host, body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("256 KiB", (await ProblemOf(response)).GetProperty("detail").GetString());
        Assert.Equal(0, host.Ingestor.Calls);
        Assert.Equal("too-large", Assert.Single(host.Rejections.Recorded).Reason);
    }

    [Fact]
    public async Task ABodyOver256KiBWithoutContentLengthIs413()
    {
        await using var host = await WebhookEdgeHost.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/callaro")
        {
            Content = new StreamContent(new MemoryStream(new byte[300 * 1024])),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task MalformedJsonIsA400NamingTheBodyAndStoresNothing()
    {
        await using var host = await WebhookEdgeHost.StartAsync();

        var response = await host.Client.SendAsync(SignedCallaro(host, "{\"id\":"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemOf(response);
        Assert.Contains("not valid JSON", problem.GetProperty("errors").GetProperty("body")[0].GetString());
        Assert.Contains("Nothing was stored", problem.GetProperty("detail").GetString());
        Assert.Equal(0, host.Ingestor.Calls);
        Assert.Equal("validation", Assert.Single(host.Rejections.Recorded).Reason);
    }

    [Fact]
    public async Task ABatchWithOneBadEventNamesItAndStoresNothing()
    {
        await using var host = await WebhookEdgeHost.StartAsync();
        var batch = $$"""[{{Event}},{"id":"evt-2","type":"call.missed","occurredAt":"2026-11-21T08:00:00","callId":"call-1"}]""";

        var response = await host.Client.SendAsync(SignedCallaro(host, batch));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ProblemOf(response)).GetProperty("errors");
        Assert.Contains("offset", errors.GetProperty("events[1].occurredAt")[0].GetString());
        Assert.Equal(0, host.Ingestor.Calls);
    }

    [Fact]
    public async Task ATwilioCallbackWithAWrongSignatureIs401()
    {
        await using var host = await WebhookEdgeHost.StartAsync();
        var request = Post("/api/webhooks/twilio", "CallSid=CA1&CallStatus=ringing", "application/x-www-form-urlencoded");
        request.Headers.Add(TwilioSignatureVerifier.HeaderName, "bm90IGl0");

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await ProblemOf(response);
        Assert.Equal("X-Twilio-Signature", problem.GetProperty("header").GetString());
        Assert.Contains("http://localhost/api/webhooks/twilio", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ATwilioCallbackWithBadFieldsIs400InTwiliosSpelling()
    {
        await using var host = await WebhookEdgeHost.StartAsync();
        const string body = "CallSid=CA1&CallStatus=exploded";
        var request = Post("/api/webhooks/twilio", body, "application/x-www-form-urlencoded");
        request.Headers.Add(TwilioSignatureVerifier.HeaderName, TwilioSignatureVerifier.Sign(WebhookEdgeHost.TwilioToken,
            "http://localhost/api/webhooks/twilio", [new("CallSid", "CA1"), new("CallStatus", "exploded")]));

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemOf(response)).GetProperty("errors").TryGetProperty("CallStatus", out _));
    }

    [Fact]
    public async Task TwilioSignaturesAreCheckedAgainstThePublicBaseUrlBehindAProxy()
    {
        await using var host = await WebhookEdgeHost.StartAsync(new()
        {
            ["Callaro:Webhooks:SigningSecret"] = WebhookEdgeHost.SigningSecret,
            ["Callaro:Twilio:AuthToken"] = WebhookEdgeHost.TwilioToken,
            ["Callaro:PublicBaseUrl"] = "https://calls.example.com/",
        });
        const string body = "CallSid=CA1&CallStatus=exploded";
        var request = Post("/api/webhooks/twilio?tenant=a%20b", body, "application/x-www-form-urlencoded");
        request.Headers.Add(TwilioSignatureVerifier.HeaderName, TwilioSignatureVerifier.Sign(WebhookEdgeHost.TwilioToken,
            "https://calls.example.com:443/api/webhooks/twilio?tenant=a%20b", [new("CallSid", "CA1"), new("CallStatus", "exploded")]));

        var response = await host.Client.SendAsync(request);

        // Past the signature: the payload is what is refused.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AVonageEventWithATamperedBodyIs401()
    {
        await using var host = await WebhookEdgeHost.StartAsync();
        var signed = """{"uuid":"leg-1","status":"answered","timestamp":"2026-11-21T08:00:00Z"}""";
        var request = Post("/api/webhooks/vonage", signed.Replace("answered", "completed"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            VonageSignatureVerifier.CreateToken(WebhookEdgeHost.VonageSecret, host.Clock.Now, Encoding.UTF8.GetBytes(signed)));

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("payload_hash", (await ProblemOf(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AVonageMachineDetectionEventIsAcknowledgedAndNotStored()
    {
        await using var host = await WebhookEdgeHost.StartAsync();
        var body = """{"uuid":"leg-1","status":"machine","timestamp":"2026-11-21T08:00:00Z"}""";
        var request = Post("/api/webhooks/vonage", body);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            VonageSignatureVerifier.CreateToken(WebhookEdgeHost.VonageSecret, host.Clock.Now, Encoding.UTF8.GetBytes(body)));

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"accepted":0,"duplicates":0}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, host.Ingestor.Calls);
    }

    [Fact]
    public async Task ASignedValidEventIsHandedOnAndAnswered200WithCounts()
    {
        await using var host = await WebhookEdgeHost.StartAsync();
        var body = $$"""{"id":"evt-1","type":"call.ringing","occurredAt":"{{host.Clock.Now:yyyy-MM-ddTHH:mm:ssZ}}","callId":"call-1"}""";

        var response = await host.Client.SendAsync(SignedCallaro(host, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"accepted":1,"duplicates":0}""", await response.Content.ReadAsStringAsync());
        var stored = Assert.Single(host.Ingestor.Received);
        Assert.Equal(("evt-1", "call-1", host.Clock.Now), (stored.EventId, stored.CallId, stored.ReceivedAt));
        Assert.Empty(host.Rejections.Recorded);
    }

    [Fact]
    public async Task AnIdWithACharacterTableStorageForbidsIsNamedAsTheSenderSpellsIt()
    {
        await using var host = await WebhookEdgeHost.StartAsync();
        var body = $$"""[{"id":"evt/1","type":"call.ringing","occurredAt":"{{host.Clock.Now:yyyy-MM-ddTHH:mm:ssZ}}","callId":"call-1"}]""";

        var response = await host.Client.SendAsync(SignedCallaro(host, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemOf(response)).GetProperty("errors").TryGetProperty("events[0].id", out _));
        Assert.Equal(0, host.Ingestor.Calls);
    }

    [Fact]
    public async Task AnImpossibleTimestampIsRejected()
    {
        await using var host = await WebhookEdgeHost.StartAsync();

        var response = await host.Client.SendAsync(SignedCallaro(host, Event.Replace("2026-11-21", "1999-01-01")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemOf(response)).GetProperty("errors").TryGetProperty("occurredAt", out _));
    }

    [Fact]
    public async Task AnEmptyEndOfCallReportIsRejected()
    {
        await using var host = await WebhookEdgeHost.StartAsync();

        var response = await host.Client.SendAsync(SignedCallaro(host, Event.Replace("call.ringing", "call.logged")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemOf(response)).GetProperty("errors").TryGetProperty("report", out _));
    }

    [Fact]
    public async Task ASignedTwilioCallbackIsHandedOnInCanonicalForm()
    {
        await using var host = await WebhookEdgeHost.StartAsync();
        KeyValuePair<string, string>[] form =
        [
            new("CallSid", "CA1"), new("CallStatus", "no-answer"), new("Direction", "inbound"), new("From", "+4930111"),
            new("To", "+4930222"), new("SequenceNumber", "2"),
            new("Timestamp", host.Clock.Now.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", System.Globalization.CultureInfo.InvariantCulture)),
        ];
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/twilio") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioSignatureVerifier.HeaderName, TwilioSignatureVerifier.Sign(WebhookEdgeHost.TwilioToken, "http://localhost/api/webhooks/twilio", form));

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var e = Assert.Single(host.Ingestor.Received);
        Assert.Equal(("twilio-CA1-no-answer-2", Callaro.Core.Calls.CallEventType.Missed, "+4930111"), (e.EventId, e.Type, e.Caller));
    }

    [Fact]
    public async Task ASignedVonageEventIsFiledUnderTheApplicationsWorkspace()
    {
        await using var host = await WebhookEdgeHost.StartAsync(new()
        {
            ["Callaro:Webhooks:SigningSecret"] = WebhookEdgeHost.SigningSecret,
            ["Callaro:Twilio:AuthToken"] = WebhookEdgeHost.TwilioToken,
            ["Callaro:Vonage:SignatureSecret"] = WebhookEdgeHost.VonageSecret,
            ["Callaro:Vonage:Workspaces:app-1"] = "acme",
        });
        var body = $$"""{"uuid":"leg-1","status":"answered","timestamp":"{{host.Clock.Now:yyyy-MM-ddTHH:mm:ss.fffZ}}"}""";
        var request = Post("/api/webhooks/vonage", body);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            VonageSignatureVerifier.CreateToken(WebhookEdgeHost.VonageSecret, host.Clock.Now, Encoding.UTF8.GetBytes(body), "app-1"));

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("acme", Assert.Single(host.Ingestor.Received).WorkspaceId);
    }
}
