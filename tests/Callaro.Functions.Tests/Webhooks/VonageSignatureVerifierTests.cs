using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Callaro.Functions.Webhooks.Signatures;

namespace Callaro.Functions.Tests.Webhooks;

public class VonageSignatureVerifierTests
{
    private const string Secret = "vonage_secret";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"uuid":"leg-1","status":"answered","timestamp":"2026-11-21T08:00:00.000Z"}""");

    // Built with openssl: base64url header and claims (iat 1700000000, payload_hash = sha256 of Body,
    // application_id app-123), signed with openssl dgst -sha256 -hmac vonage_secret -binary.
    private const string KnownToken =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MDAwMDAwMDAsImp0aSI6ImoxIiwiaXNzIjoiVm9uYWdlIiwicGF5bG9hZF9oYXNoIjoiOWVjMjJlZTMwZTk5ZjdkYWUxMDAxZWQ4MWFmYTM4NWEzMmU4MGI3YThmZjBhZDY1NGM3ZjgxOGE5NGFiMjE1YyIsImFwcGxpY2F0aW9uX2lkIjoiYXBwLTEyMyJ9.4M48hLZtD7Ed4uxNIR8ySjZ5RaFTFz_VAWjZaNYps0E";

    private static VonageSignatureVerifier VerifierAt(long unixSeconds, string secret = Secret) => new(secret, FixedClock.AtUnix(unixSeconds));

    [Fact]
    public void AGoodTokenIsAcceptedAndNamesTheApplication()
    {
        var result = VerifierAt(1_700_000_000).Verify("Bearer " + KnownToken, Body, out var applicationId);

        Assert.True(result.IsValid, result.Failure);
        Assert.Equal("app-123", applicationId);
    }

    [Fact]
    public void ATokenCreatedHereIsAccepted()
    {
        var token = VonageSignatureVerifier.CreateToken(Secret, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), Body, "app-9");

        Assert.True(VerifierAt(1_700_000_010).Verify("Bearer " + token, Body, out var applicationId).IsValid);
        Assert.Equal("app-9", applicationId);
    }

    [Fact]
    public void ATamperedBodyFailsThePayloadHash()
    {
        var tampered = Encoding.UTF8.GetBytes("""{"uuid":"leg-1","status":"completed","timestamp":"2026-11-21T08:00:00.000Z"}""");

        var result = VerifierAt(1_700_000_000).Verify("Bearer " + KnownToken, tampered, out _);

        Assert.False(result.IsValid);
        Assert.Contains("payload_hash", result.Failure);
    }

    [Fact]
    public void AWrongSecretIsRejectedWithoutRevealingIt()
    {
        var result = VerifierAt(1_700_000_000, "not-the-secret").Verify("Bearer " + KnownToken, Body, out _);

        Assert.False(result.IsValid);
        Assert.Contains("signature does not match", result.Failure);
        Assert.DoesNotContain("not-the-secret", result.Failure);
    }

    [Theory]
    [InlineData(1_700_000_301)]
    [InlineData(1_699_999_699)]
    public void AnIatMoreThanFiveMinutesOffIsStale(long now)
    {
        var result = VerifierAt(now).Verify("Bearer " + KnownToken, Body, out _);

        Assert.False(result.IsValid);
        Assert.Contains("stale", result.Failure);
    }

    [Theory]
    [InlineData(null, "Authorization header is missing")]
    [InlineData("Basic abc", "Bearer <JWT>")]
    [InlineData("Bearer not-a-jwt", "not a well-formed JWT")]
    [InlineData("Bearer a.b.c", "not a well-formed JWT")]
    public void AMissingOrMalformedHeaderSaysWhatIsWrong(string? header, string expected)
    {
        var result = VerifierAt(1_700_000_000).Verify(header, Body, out _);

        Assert.False(result.IsValid);
        Assert.Contains(expected, result.Failure);
    }

    [Theory]
    [InlineData("""{"alg":"none","typ":"JWT"}""")]
    [InlineData("""{"alg":"HS512","typ":"JWT"}""")]
    [InlineData("""{"typ":"JWT"}""")]
    public void OnlyHs256IsAccepted(string header)
    {
        var parts = KnownToken.Split('.');
        var forgedHeader = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header));
        // Signed correctly with the right secret: the header alone must still be refused.
        var signature = Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.ASCII.GetBytes(forgedHeader + "." + parts[1])));

        var result = VerifierAt(1_700_000_000).Verify($"Bearer {forgedHeader}.{parts[1]}.{signature}", Body, out _);

        Assert.False(result.IsValid);
        Assert.Contains("HS256", result.Failure);
    }

    [Fact]
    public void ATokenWithoutPayloadHashDoesNotVouchForTheBody()
    {
        var header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);
        var claims = Base64Url.EncodeToString("""{"iat":1700000000}"""u8);
        var signature = Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.ASCII.GetBytes(header + "." + claims)));

        var result = VerifierAt(1_700_000_000).Verify($"Bearer {header}.{claims}.{signature}", Body, out _);

        Assert.False(result.IsValid);
        Assert.Contains("no payload_hash", result.Failure);
    }
}
