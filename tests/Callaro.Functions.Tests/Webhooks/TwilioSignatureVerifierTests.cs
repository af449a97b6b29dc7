using System.Text;
using Callaro.Functions.Webhooks.Signatures;

namespace Callaro.Functions.Tests.Webhooks;

public class TwilioSignatureVerifierTests
{
    // Twilio's documented example (auth token 12345); each signature below was recomputed with
    // printf '%s' '<url><sorted name+value pairs>' | openssl dgst -sha1 -hmac 12345 -binary | base64
    private const string AuthToken = "12345";
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string DocumentedSignature = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    private const string SignatureWithPort443 = "kvajT1Ptam85bY51eRf/AJRuM3w=";
    private const string SignatureWithPort8443 = "ZOaJEsozlsUyzk5k5fpaCxTxXDA=";

    // Deliberately out of order: the verifier sorts.
    private static readonly KeyValuePair<string, string>[] Parameters =
    [
        new("CallSid", "CA1234567890ABCDE"),
        new("From", "+14158675309"),
        new("Digits", "1234"),
        new("To", "+18005551212"),
        new("Caller", "+14158675309"),
    ];

    private readonly TwilioSignatureVerifier _verifier = new(AuthToken);

    [Fact]
    public void TwiliosDocumentedExampleIsAccepted()
    {
        Assert.True(_verifier.VerifyForm(DocumentedSignature, null, Url, Parameters).IsValid);
    }

    [Fact]
    public void SignMatchesTwiliosDocumentedExample()
    {
        Assert.Equal(DocumentedSignature, TwilioSignatureVerifier.Sign(AuthToken, Url, Parameters));
    }

    [Fact]
    public void AChangedParameterIsRejected()
    {
        var tampered = Parameters.Select(p => p.Key == "Digits" ? new KeyValuePair<string, string>("Digits", "9999") : p);

        var result = _verifier.VerifyForm(DocumentedSignature, null, Url, tampered);

        Assert.False(result.IsValid);
        Assert.Contains("does not match", result.Failure);
    }

    [Fact]
    public void AWrongAuthTokenIsRejectedWithoutRevealingIt()
    {
        var result = new TwilioSignatureVerifier("54321").VerifyForm(DocumentedSignature, null, Url, Parameters);

        Assert.False(result.IsValid);
        Assert.DoesNotContain("54321", result.Failure);
    }

    [Fact]
    public void AMissingHeaderIsNamed()
    {
        var result = _verifier.VerifyForm(null, null, Url, Parameters);

        Assert.False(result.IsValid);
        Assert.Contains("X-Twilio-Signature header is missing", result.Failure);
    }

    [Fact]
    public void AnUnrelatedUrlIsRejected()
    {
        Assert.False(_verifier.VerifyForm(DocumentedSignature, null, "https://other.example/myapp.php?foo=1&bar=2", Parameters).IsValid);
    }

    [Fact]
    public void ASignatureOverTheDefaultPortIsAcceptedWhenTheRequestUrlHasNoPort()
    {
        Assert.True(_verifier.VerifyForm(SignatureWithPort443, null, Url, Parameters).IsValid);
    }

    [Fact]
    public void ASignatureWithoutPortIsAcceptedWhenTheRequestUrlSpellsOutThePort()
    {
        Assert.True(_verifier.VerifyForm(DocumentedSignature, null, "https://mycompany.com:443/myapp.php?foo=1&bar=2", Parameters).IsValid);
    }

    [Fact]
    public void AnExplicitNonDefaultPortIsAcceptedWithAndWithoutThePortAsTwilioDoes()
    {
        const string withPort = "https://mycompany.com:8443/myapp.php?foo=1&bar=2";

        Assert.True(_verifier.VerifyForm(SignatureWithPort8443, null, withPort, Parameters).IsValid);
        Assert.True(_verifier.VerifyForm(DocumentedSignature, null, withPort, Parameters).IsValid);
    }

    [Theory]
    [InlineData("https://a.example/x?y=1", "https://a.example/x?y=1", "https://a.example:443/x?y=1")]
    [InlineData("http://a.example/x", "http://a.example/x", "http://a.example:80/x")]
    [InlineData("HTTPS://A.example:8443/x", "HTTPS://A.example/x", "HTTPS://A.example:8443/x")]
    [InlineData("https://a.example", "https://a.example", "https://a.example:443")]
    [InlineData("https://[::1]:7071/x", "https://[::1]/x", "https://[::1]:7071/x")]
    public void PortSpellingsKeepEverythingElseByteForByte(string url, string withoutPort, string withPort)
    {
        Assert.Equal((withoutPort, withPort), TwilioSignatureVerifier.PortSpellings(url));
    }

    [Fact]
    public void RepeatedParametersAreSortedByValueToo()
    {
        KeyValuePair<string, string>[] repeated = [new("b", "2"), new("a", "z"), new("a", "y")];
        // printf '%s' 'https://x.example/hookayazb2' | openssl dgst -sha1 -hmac 12345 -binary | base64
        const string expected = "cuYQvTZwUyUJalZ1lVZv7jtStu4=";

        Assert.True(_verifier.VerifyForm(expected, null, "https://x.example/hook", repeated).IsValid);
    }

    [Fact]
    public void AValueRepeatedIdenticallyIsSignedOnceAsTwilioNodeDoes()
    {
        KeyValuePair<string, string>[] repeated = [new("b", "2"), new("a", "x"), new("a", "x")];
        // twilio-node 6.x signs each name's distinct values, sorted:
        // printf '%s' 'https://x.example/hookaxb2' | openssl dgst -sha1 -hmac 12345 -binary | base64
        const string expected = "DrwgCiLT0X9GfBtfjf6MlKAEIy4=";

        Assert.True(_verifier.VerifyForm(expected, null, "https://x.example/hook", repeated).IsValid);
    }

    public class SigningKeys
    {
        private const string Url = "https://x.example/hook";
        private static readonly KeyValuePair<string, string>[] Parameters = [new("CallStatus", "completed"), new("CallSid", "CA1")];
        // printf '%s' 'https://x.example/hookCallSidCA1CallStatuscompleted' | openssl dgst -sha256 -hmac whsk-secret -binary | base64
        private const string Signature = "XeTDGfDUaPX0bw6iV+KHnFKKaKzZ4TUUfJVc/tk6eFQ=";

        private readonly TwilioSignatureVerifier _verifier = new(AuthToken, new Dictionary<string, string> { ["KS123"] = "whsk-secret" });

        [Fact]
        public void ARequestSignedWithAConfiguredSigningKeyIsAccepted()
        {
            Assert.True(_verifier.VerifyForm(Signature, "key=KS123,algorithm=HMAC_SHA256", Url, Parameters).IsValid);
            Assert.Equal(Signature, TwilioSignatureVerifier.Sign("whsk-secret", Url, Parameters, TwilioSignatureVerifier.Algorithm.HmacSha256));
        }

        [Fact]
        public void TheAuthTokenDoesNotStandInForTheNamedKey()
        {
            var withToken = TwilioSignatureVerifier.Sign(AuthToken, Url, Parameters, TwilioSignatureVerifier.Algorithm.HmacSha256);

            var result = _verifier.VerifyForm(withToken, "key=KS123,algorithm=HMAC_SHA256", Url, Parameters);

            Assert.False(result.IsValid);
            Assert.Contains("signing key named in X-Twilio-Webhooks-Signature-Settings", result.Failure);
        }

        [Fact]
        public void AnUnknownKeyIsNamedWithTheSettingToAdd()
        {
            var result = _verifier.VerifyForm(Signature, "key=KS999,algorithm=HMAC_SHA256", Url, Parameters);

            Assert.False(result.IsValid);
            Assert.Contains("'KS999', which is not configured", result.Failure);
            Assert.Contains("Callaro__Twilio__SigningKeys__", result.Failure);
        }

        [Theory]
        [InlineData("key=KS123,algorithm=HMAC_MD5", "must be HMAC_SHA256 or HMAC_SHA1")]
        [InlineData("algorithm=HMAC_SHA256", "names no key")]
        public void MalformedSettingsAreRefused(string settings, string expected)
        {
            var result = _verifier.VerifyForm(Signature, settings, Url, Parameters);

            Assert.False(result.IsValid);
            Assert.Contains(expected, result.Failure);
        }
    }

    public class JsonBodies
    {
        // printf '%s' "$BODY" | openssl dgst -sha256, then the URL with bodySHA256 signed as above.
        private const string Body = """{"CallSid":"CA1234567890ABCDE","CallStatus":"completed"}""";
        private const string BodyHash = "d9c5d12fd882ca9a84684e362e36cd06396d25f809baea7ae9e6eb9e8a7d0502";
        private const string SignedUrl = "https://mycompany.com/api/webhooks/twilio?bodySHA256=" + BodyHash;
        private const string Signature = "Bk5JLS1oS4gyr6JmVa14XMKnBG4=";

        private readonly TwilioSignatureVerifier _verifier = new(AuthToken);

        [Fact]
        public void AJsonBodyWithAMatchingBodySha256IsAccepted()
        {
            Assert.True(_verifier.VerifyJson(Signature, null, SignedUrl, Encoding.UTF8.GetBytes(Body)).IsValid);
        }

        [Fact]
        public void AJsonBodyChangedAfterSigningIsRejected()
        {
            var result = _verifier.VerifyJson(Signature, null, SignedUrl, Encoding.UTF8.GetBytes(Body.Replace("completed", "failed")));

            Assert.False(result.IsValid);
            Assert.Contains("bodySHA256", result.Failure);
        }

        [Fact]
        public void AJsonBodyWithoutBodySha256IsRejected()
        {
            var result = _verifier.VerifyJson(Signature, null, "https://mycompany.com/api/webhooks/twilio", Encoding.UTF8.GetBytes(Body));

            Assert.False(result.IsValid);
            Assert.Contains("bodySHA256 query parameter", result.Failure);
        }

        [Fact]
        public void AJsonBodyWithAForgedBodySha256IsRejected()
        {
            var forged = "https://mycompany.com/api/webhooks/twilio?bodySHA256=" + new string('a', 64);

            Assert.False(_verifier.VerifyJson(Signature, null, forged, Encoding.UTF8.GetBytes(Body)).IsValid);
        }
    }
}
