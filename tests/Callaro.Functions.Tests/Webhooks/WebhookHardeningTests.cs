using System.Globalization;
using System.Text;
using Callaro.Core.Health;
using Callaro.Functions.Reports;
using Callaro.Functions.Tests.Infrastructure;
using Callaro.Functions.Webhooks;
using Callaro.Functions.Webhooks.Signatures;
using Microsoft.Extensions.DependencyInjection;

namespace Callaro.Functions.Tests.Webhooks;

/// <summary>Signed bad input is a 4xx naming the field with nothing stored; strangers cost no storage work or time.</summary>
public class WebhookHardeningTests
{
    private static string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    private static string Rfc(DateTimeOffset at) => at.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    private static Microsoft.AspNetCore.Http.HttpRequest SignedCallaro(byte[] body) =>
        PipelineHost.Request("/api/webhooks/callaro", "application/json", body, new Dictionary<string, string>
        {
            [CallaroSignatureVerifier.HeaderName] = CallaroSignatureVerifier.CreateHeader(PipelineHost.SigningSecret, DateTimeOffset.UtcNow, body),
        });

    private static Microsoft.AspNetCore.Http.HttpRequest SignedTwilio(string path, params (string Name, string Value)[] fields)
    {
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        var body = Encoding.UTF8.GetBytes(string.Join('&', form.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))));
        return PipelineHost.Request(path, "application/x-www-form-urlencoded", body, new Dictionary<string, string>
        {
            [TwilioSignatureVerifier.HeaderName] = TwilioSignatureVerifier.Sign(PipelineHost.TwilioToken, PipelineHost.PublicBaseUrl + path, form),
        });
    }

    private static async Task AssertRejectedBeforeStorageAsync(PipelineHost host, string endpoint, Microsoft.AspNetCore.Http.HttpRequest request, int status, string field)
    {
        var ingested = PipelineHost.RecordingIngestor.CountThisDelivery();

        var (answered, body) = await host.SendAsync(endpoint, request);

        Assert.True(answered == status, $"Expected {status} but got {answered}: {body}");
        Assert.Contains(field, body);
        Assert.Equal(0, ingested.Value);
    }

    [Theory]
    [InlineData("callId")]
    [InlineData("campaignId")]
    public async Task ALoneSurrogateInACallaroEventIsA400NamingTheField(string field)
    {
        await using var host = await PipelineHost.StartAsync();
        var json = $$"""{"id":"e1","type":"call.ringing","occurredAt":"{{Iso(DateTimeOffset.UtcNow)}}","callId":"c1","campaignId":"spring"}""";
        var body = Encoding.UTF8.GetBytes(json.Replace($"\"{field}\":\"", $"\"{field}\":\"\\ud800", StringComparison.Ordinal));

        await AssertRejectedBeforeStorageAsync(host, WebhookEndpointNames.Callaro, SignedCallaro(body), 400, field);
    }

    [Fact]
    public async Task InvalidUtf8InAVonageEventIsA400NamingTheField()
    {
        await using var host = await PipelineHost.StartAsync();
        byte[] body = [.. """{"uuid":"u1","status":"started","timestamp":"2026-01-01T00:00:00Z","from":"44"""u8, 0xC3, 0x28, .. "\"}"u8];
        var token = VonageSignatureVerifier.CreateToken(PipelineHost.VonageSecret, DateTimeOffset.UtcNow, body);
        var request = PipelineHost.Request("/api/webhooks/vonage", "application/json", body, new Dictionary<string, string> { ["Authorization"] = "Bearer " + token });

        await AssertRejectedBeforeStorageAsync(host, WebhookEndpointNames.Vonage, request, 400, "from");
    }

    [Fact]
    public async Task AVonageTokenWhoseIatIsAStringIsA401NamingTheClaim()
    {
        await using var host = await PipelineHost.StartAsync();
        var body = Encoding.UTF8.GetBytes($$"""{"uuid":"u1","status":"started","timestamp":"{{Iso(DateTimeOffset.UtcNow)}}"}""");
        var header = System.Buffers.Text.Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);
        var claims = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $$"""{"iat":"{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}}","payload_hash":"{{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body))}}"}"""));
        var signature = System.Buffers.Text.Base64Url.EncodeToString(
            System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(PipelineHost.VonageSecret), Encoding.ASCII.GetBytes(header + "." + claims)));
        var request = PipelineHost.Request("/api/webhooks/vonage", "application/json", body,
            new Dictionary<string, string> { ["Authorization"] = $"Bearer {header}.{claims}.{signature}" });

        await AssertRejectedBeforeStorageAsync(host, WebhookEndpointNames.Vonage, request, 401, "iat");
    }

    [Fact]
    public async Task AChildLegInYearOneMinusItsDurationIsA400NamingTimestamp()
    {
        await using var host = await PipelineHost.StartAsync();
        var request = SignedTwilio("/api/webhooks/twilio", ("CallSid", "CAchild"), ("ParentCallSid", "CAparent"), ("CallStatus", "completed"),
            ("Timestamp", "Mon, 01 Jan 0001 00:00:00 +0000"), ("CallDuration", "95"));

        await AssertRejectedBeforeStorageAsync(host, WebhookEndpointNames.Twilio, request, 400, "Timestamp");
    }

    [Fact]
    public async Task ARecordingStartingAtTheEndOfTimeIsA400NamingRecordingStartTime()
    {
        await using var host = await PipelineHost.StartAsync();
        var request = SignedTwilio("/api/webhooks/twilio/recording", ("CallSid", "CA1"), ("RecordingSid", "RE1"), ("RecordingStatus", "completed"),
            ("RecordingStartTime", "Fri, 31 Dec 9999 23:59:59 +0000"), ("RecordingDuration", "60"));

        await AssertRejectedBeforeStorageAsync(host, WebhookEndpointNames.TwilioRecording, request, 400, "RecordingStartTime");
    }

    [Fact]
    public async Task AKeyWrittenTwiceIsA400()
    {
        await using var host = await PipelineHost.StartAsync();
        var body = Encoding.UTF8.GetBytes($$"""{"id":"e1","type":"call.ringing","callId":"a","occurredAt":"{{Iso(DateTimeOffset.UtcNow)}}","callId":"b"}""");

        await AssertRejectedBeforeStorageAsync(host, WebhookEndpointNames.Callaro, SignedCallaro(body), 400, "body");
    }

    [Theory]
    [InlineData("*")]
    [InlineData("' OR 1=1")]
    [InlineData("\u200Bdefault")]
    public async Task AWorkspaceNoReaderCouldAskForIsRefusedAtIngest(string workspace)
    {
        await using var host = await PipelineHost.StartAsync();
        var body = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["id"] = "e1", ["type"] = "call.ringing", ["occurredAt"] = Iso(DateTimeOffset.UtcNow), ["callId"] = "c1", ["workspaceId"] = workspace,
        }));

        await AssertRejectedBeforeStorageAsync(host, WebhookEndpointNames.Callaro, SignedCallaro(body), 400, "workspaceId");
    }

    [Fact]
    public async Task RepeatedIdenticalTwilioValuesAreAcceptedAsTwilioSignsThem()
    {
        await using var host = await PipelineHost.StartAsync();
        var request = SignedTwilio("/api/webhooks/twilio", ("CallSid", "CArep"), ("CallStatus", "ringing"), ("CallStatus", "ringing"),
            ("Timestamp", Rfc(DateTimeOffset.UtcNow)));

        var (status, body) = await host.SendAsync(WebhookEndpointNames.Twilio, request);

        Assert.True(status == 200, body);
        Assert.Contains(("default", "CArep"), host.Ingestor.Handed);
    }

    [Fact]
    public async Task ATwilioCallbackSignedWithAWebhookSigningKeyIsStored()
    {
        await using var host = await PipelineHost.StartAsync(settings: new Dictionary<string, string?> { ["Callaro:Twilio:SigningKeys:KSabc"] = "shared-key-secret" });
        const string path = "/api/webhooks/twilio";
        KeyValuePair<string, string>[] form = [new("CallSid", "CAkey"), new("CallStatus", "ringing"), new("Timestamp", Rfc(DateTimeOffset.UtcNow))];
        var body = Encoding.UTF8.GetBytes(string.Join('&', form.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))));
        var request = PipelineHost.Request(path, "application/x-www-form-urlencoded", body, new Dictionary<string, string>
        {
            [TwilioSignatureVerifier.HeaderName] = TwilioSignatureVerifier.Sign("shared-key-secret", PipelineHost.PublicBaseUrl + path, form, TwilioSignatureVerifier.Algorithm.HmacSha256),
            [TwilioSignatureVerifier.SettingsHeaderName] = "key=KSabc,algorithm=HMAC_SHA256",
        });

        var (status, answer) = await host.SendAsync(WebhookEndpointNames.Twilio, request);

        Assert.True(status == 200, answer);
        Assert.Contains(("default", "CAkey"), host.Ingestor.Handed);
    }

    [Fact]
    public async Task StrangersAreCountedInMemoryAndFlushedInTheBackgroundWithoutTheirBodies()
    {
        await using var host = await PipelineHost.StartAsync();
        for (var i = 0; i < 50; i++)
        {
            var body = Encoding.UTF8.GetBytes("""{"id":"e1","type":"call.ringing","callId":"secret-call"}""");
            await host.SendAsync(WebhookEndpointNames.Callaro, PipelineHost.Request("/api/webhooks/callaro", "application/json", body));
        }

        var counter = host.Services.GetRequiredService<WebhookRejectionCounter>();
        var now = DateTimeOffset.UtcNow;
        Assert.Empty(await counter.ReadAsync("default", now.AddHours(-2), now.AddHours(2))); // nothing written per request

        await host.Services.GetRequiredService<RejectionCountFlusher>().FlushAsync(CancellationToken.None);

        var counted = Assert.Single(await counter.ReadAsync("default", now.AddHours(-2), now.AddHours(2)));
        Assert.Equal(new RejectionCount("callaro", WebhookRejectionReasons.BadSignature, 50), counted);
    }
}
