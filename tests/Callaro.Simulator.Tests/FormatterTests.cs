using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Callaro.Simulator.Planning;
using Callaro.Simulator.Providers;

namespace Callaro.Simulator.Tests;

public sealed class FormatterTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly CallPlan Plan = CallPlanGenerator.Generate(TestPlans.PastDay());

    private static Delivery Single(Provider provider, Outcome outcome, EventKind kind, MissReason? reason = null)
    {
        var call = Plan.Calls.First(c => c.Provider == provider && c.Outcome == outcome && (reason is null || c.MissReason == reason));
        return new Delivery(0, provider, [new ScheduledEvent(call, call.Events.First(e => e.Kind == kind), false)]);
    }

    [Fact]
    public void CallaroHeaderSignsExactlyTheBytesSentWithTheCurrentTime()
    {
        var request = new CallaroFormatter("s3cret").Format(Single(Provider.Callaro, Outcome.Completed, EventKind.Completed), Now);

        var header = request.Headers.Single(h => h.Key == "X-Callaro-Signature").Value;
        byte[] signedBytes = [.. Encoding.UTF8.GetBytes($"{Now.ToUnixTimeSeconds()}."), .. request.Body];
        var expected = HMACSHA256.HashData("s3cret"u8.ToArray(), signedBytes);
        Assert.Equal($"t={Now.ToUnixTimeSeconds()},v1={Convert.ToHexStringLower(expected)}", header);
        Assert.Equal("/api/webhooks/callaro", request.Path);
    }

    [Fact]
    public void CallaroEventsCarryOnlyWhatWasKnownAtTheTime()
    {
        var ringing = JsonDocument.Parse(new CallaroFormatter("s").Format(Single(Provider.Callaro, Outcome.Completed, EventKind.Ringing), Now).Body).RootElement;
        var completed = JsonDocument.Parse(new CallaroFormatter("s").Format(Single(Provider.Callaro, Outcome.Completed, EventKind.Completed), Now).Body).RootElement;
        var failed = JsonDocument.Parse(new CallaroFormatter("s").Format(Single(Provider.Callaro, Outcome.Failed, EventKind.Failed), Now).Body).RootElement;

        Assert.Equal("call.ringing", ringing.GetProperty("type").GetString());
        Assert.False(ringing.TryGetProperty("endedAt", out _));
        Assert.False(ringing.TryGetProperty("answeredAt", out _));
        Assert.EndsWith("+00:00", ringing.GetProperty("occurredAt").GetString());
        Assert.Equal("call.completed", completed.GetProperty("type").GetString());
        Assert.True(completed.GetProperty("durationSeconds").GetInt32() > 0);
        Assert.True(completed.TryGetProperty("answeredAt", out _));
        Assert.Matches(@"^\d{3}$", failed.GetProperty("failureReason").GetString());
        Assert.Equal(0, failed.GetProperty("durationSeconds").GetInt32());
    }

    [Fact]
    public void CallaroBatchesAreJsonArraysAndReportsCarryOutcomeAndCrm()
    {
        var call = Plan.Calls.First(c => c.Report is not null);
        var batch = new Delivery(0, Provider.Callaro, call.Events.Select(e => new ScheduledEvent(call, e, false)).ToArray());

        var body = JsonDocument.Parse(new CallaroFormatter("s").Format(batch, Now).Body).RootElement;

        Assert.Equal(JsonValueKind.Array, body.ValueKind);
        Assert.Equal(call.Events.Count, body.GetArrayLength());
        var logged = body.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "call.logged");
        var crm = body.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "crm.activity").GetProperty("crm");
        Assert.Equal(call.Report!.Outcome, logged.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Object, logged.GetProperty("fields").ValueKind);
        Assert.Contains(crm.GetProperty("status").GetString(), new[] { "succeeded", "failed" });
        Assert.Contains(crm.GetProperty("kind").GetString(), new[] { "note", "task", "fieldUpdate" });
        Assert.EndsWith("+00:00", logged.GetProperty("fields").GetProperty("nextContact").GetString());
        Assert.Equal(JsonValueKind.Object, crm.GetProperty("sent").ValueKind);
    }

    [Fact]
    public void TwilioSignatureCoversThePublicUrlAndTheDecodedParameters()
    {
        var request = new TwilioFormatter("token", "https://calls.example.org/").Format(Single(Provider.Twilio, Outcome.Completed, EventKind.Completed), Now);

        var parameters = Encoding.UTF8.GetString(request.Body).Split('&')
            .Select(p => p.Split('=')).Select(p => new KeyValuePair<string, string>(Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p[1]))).ToArray();
        var expected = TwilioSigner.Sign("token", "https://calls.example.org/api/webhooks/twilio", parameters);
        Assert.Equal(expected, request.Headers.Single(h => h.Key == "X-Twilio-Signature").Value);
        Assert.Equal("application/x-www-form-urlencoded", request.ContentType);
        var values = parameters.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("completed", values["CallStatus"]);
        Assert.Equal("200", values["SipResponseCode"]);
        Assert.StartsWith("+", values["From"]);
        Assert.Matches(@"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$", values["Timestamp"]);
    }

    [Theory]
    [InlineData("NoAnswer", "no-answer", "unanswered")]
    [InlineData("Busy", "busy", "busy")]
    [InlineData("Cancelled", "canceled", "cancelled")]
    public void MissedCallsUseEachProvidersOwnWord(string reason, string twilio, string vonage)
    {
        var call = Plan.Calls.First(c => c.MissReason == Enum.Parse<MissReason>(reason));

        Assert.Equal(twilio, TwilioFormatter.CallStatus(call, EventKind.Missed));
        Assert.Equal(vonage, VonageFormatter.Status(call, EventKind.Missed));
    }

    [Fact]
    public void VonageTokenHashesTheBodyAndIsSignedWithTheSecret()
    {
        var request = new VonageFormatter("vsecret").Format(Single(Provider.Vonage, Outcome.Completed, EventKind.Completed), Now);

        var token = request.Headers.Single(h => h.Key == "Authorization").Value["Bearer ".Length..];
        var parts = token.Split('.');
        var claims = JsonDocument.Parse(Convert.FromBase64String(Pad(parts[1]))).RootElement;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(request.Body)), claims.GetProperty("payload_hash").GetString());
        Assert.Equal(Now.ToUnixTimeSeconds(), claims.GetProperty("iat").GetInt64());
        var mac = HMACSHA256.HashData("vsecret"u8.ToArray(), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        Assert.Equal(VonageSigner.Base64Url(mac), parts[2]);

        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("completed", body.GetProperty("status").GetString());
        Assert.DoesNotContain("+", body.GetProperty("from").GetString());
        Assert.Equal(JsonValueKind.String, body.GetProperty("duration").ValueKind);
        Assert.StartsWith("CON-", body.GetProperty("conversation_uuid").GetString());
    }

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - s.Length % 4) % 4);
    }
}
