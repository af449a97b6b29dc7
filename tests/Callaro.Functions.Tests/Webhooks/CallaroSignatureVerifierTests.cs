using System.Text;
using Callaro.Functions.Webhooks.Signatures;

namespace Callaro.Functions.Tests.Webhooks;

public class CallaroSignatureVerifierTests
{
    private const string Secret = "whsec_test_secret";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"evt-1","type":"call.ringing"}""");

    // Computed independently: printf '%s' '1700000000.{"id":"evt-1","type":"call.ringing"}' | openssl dgst -sha256 -hmac whsec_test_secret
    private const string KnownSignature = "d9845f8d49c78632e601a57c0e5af0cf6ab0967eef57c51273ed2966ef878427";

    private static CallaroSignatureVerifier VerifierAt(long unixSeconds, string secret = Secret) => new(secret, FixedClock.AtUnix(unixSeconds));

    [Fact]
    public void AGoodSignatureIsAccepted()
    {
        var result = VerifierAt(1_700_000_000).Verify($"t=1700000000,v1={KnownSignature}", Body);

        Assert.True(result.IsValid, result.Failure);
    }

    [Fact]
    public void CreateHeaderMatchesTheIndependentlyComputedSignature()
    {
        var header = CallaroSignatureVerifier.CreateHeader(Secret, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), Body);

        Assert.Equal($"t=1700000000,v1={KnownSignature}", header);
    }

    [Fact]
    public void ATamperedBodyIsRejected()
    {
        var tampered = Encoding.UTF8.GetBytes("""{"id":"evt-1","type":"call.missed"}""");

        var result = VerifierAt(1_700_000_000).Verify($"t=1700000000,v1={KnownSignature}", tampered);

        Assert.False(result.IsValid);
        Assert.Contains("does not match the body", result.Failure);
    }

    [Fact]
    public void AWrongSecretIsRejectedWithoutRevealingTheSecret()
    {
        var result = VerifierAt(1_700_000_000, "another-secret").Verify($"t=1700000000,v1={KnownSignature}", Body);

        Assert.False(result.IsValid);
        Assert.DoesNotContain("another-secret", result.Failure);
        Assert.DoesNotContain(KnownSignature, result.Failure);
    }

    [Theory]
    [InlineData(1_700_000_301)]
    [InlineData(1_699_999_699)]
    public void ATimestampMoreThanFiveMinutesOffTheClockIsStale(long now)
    {
        var result = VerifierAt(now).Verify($"t=1700000000,v1={KnownSignature}", Body);

        Assert.False(result.IsValid);
        Assert.Contains("stale", result.Failure);
    }

    [Theory]
    [InlineData(1_700_000_300)]
    [InlineData(1_699_999_700)]
    public void ATimestampExactlyFiveMinutesOffIsStillAccepted(long now)
    {
        Assert.True(VerifierAt(now).Verify($"t=1700000000,v1={KnownSignature}", Body).IsValid);
    }

    [Fact]
    public void DuringSecretRotationAnyOfSeveralSignaturesMayMatch()
    {
        var old = new string('0', 64);

        var result = VerifierAt(1_700_000_000).Verify($"t=1700000000, v1={old}, v1={KnownSignature}", Body);

        Assert.True(result.IsValid, result.Failure);
    }

    [Theory]
    [InlineData(null, "missing")]
    [InlineData("", "missing")]
    [InlineData("v1=abc", "t=<unix seconds>")]
    [InlineData("t=1700000000", "v1=")]
    [InlineData("t=soon,v1=abc", "t=<unix seconds>")]
    [InlineData("t=1700000000,t=1700000001,v1=abc", "more than one")]
    public void AMissingOrMalformedHeaderSaysWhatIsWrong(string? header, string expected)
    {
        var result = VerifierAt(1_700_000_000).Verify(header, Body);

        Assert.False(result.IsValid);
        Assert.Contains(CallaroSignatureVerifier.HeaderName, result.Failure);
        Assert.Contains(expected, result.Failure);
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("d9845f8d49c78632e601a57c0e5af0cf6ab0967eef57c51273ed2966ef87842")]
    [InlineData("D9845F8D49C78632E601A57C0E5AF0CF6AB0967EEF57C51273ED2966EF878427X")]
    public void NonHexOrWrongLengthSignaturesAreRejected(string v1)
    {
        Assert.False(VerifierAt(1_700_000_000).Verify($"t=1700000000,v1={v1}", Body).IsValid);
    }
}
