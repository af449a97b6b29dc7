using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Callaro.Functions.Webhooks.Signatures;

/// <summary>
/// Checks <c>X-Callaro-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;raw body&gt;")&gt;</c>.
/// Several <c>v1</c> values may be sent so a sender can sign with the old and the new secret while a
/// secret is rotated; one match is enough. The timestamp keeps a captured delivery from being
/// replayed later than the tolerance.
/// </summary>
public sealed class CallaroSignatureVerifier
{
    /// <summary>The header that carries the signature.</summary>
    public const string HeaderName = "X-Callaro-Signature";

    /// <summary>How far the signed timestamp may be from the server clock, either way.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private readonly byte[] _secret;
    private readonly TimeProvider _time;

    /// <summary>Creates a verifier for one signing secret.</summary>
    public CallaroSignatureVerifier(string secret, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _secret = Encoding.UTF8.GetBytes(secret);
        _time = time;
    }

    /// <summary>Checks the header against the raw body exactly as received.</summary>
    public SignatureResult Verify(string? header, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return SignatureResult.Invalid($"The {HeaderName} header is missing. Sign the raw body: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, \"<t>.<body>\")>.");
        }

        if (!TryParse(header, out var timestamp, out var candidates, out var malformed))
        {
            return SignatureResult.Invalid($"The {HeaderName} header is malformed: {malformed}");
        }

        var skew = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(timestamp);
        if (skew.Duration() > Tolerance)
        {
            return SignatureResult.Invalid(
                $"The {HeaderName} timestamp is stale: it is {(long)skew.Duration().TotalSeconds} s away from the server clock and at most {(long)Tolerance.TotalSeconds} s is accepted. Sign each delivery when it is sent and check the sender's clock.");
        }

        var expected = Compute(_secret, timestamp, body);
        var matched = false;
        foreach (var candidate in candidates)
        {
            // No early exit: the time taken does not depend on which candidate matched.
            matched |= SignatureMath.HexEquals(candidate, expected);
        }

        return matched
            ? SignatureResult.Valid
            : SignatureResult.Invalid($"The {HeaderName} signature does not match the body. Sign the exact bytes sent with the configured signing secret (Callaro__Webhooks__SigningSecret).");
    }

    /// <summary>Builds a header value, for senders such as the simulator and tests.</summary>
    public static string CreateHeader(string secret, DateTimeOffset signedAt, ReadOnlySpan<byte> body)
    {
        var timestamp = signedAt.ToUnixTimeSeconds();
        var signature = Compute(Encoding.UTF8.GetBytes(secret), timestamp, body);
        return $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(signature)}";
    }

    private static byte[] Compute(byte[] secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    private static bool TryParse(string header, out long timestamp, out List<string> candidates, out string malformed)
    {
        timestamp = 0;
        candidates = [];
        malformed = "";
        string? t = null;
        foreach (var part in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var key = part[..equals];
            var value = part[(equals + 1)..];
            if (key == "t")
            {
                if (t is not null)
                {
                    malformed = "it has more than one t= timestamp.";
                    return false;
                }

                t = value;
            }
            else if (key == "v1")
            {
                candidates.Add(value);
            }

            // Other schemes (v0, v2...) are ignored so a sender can add one before we support it.
        }

        if (t is null || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp)
            || timestamp > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            malformed = "it needs t=<unix seconds>.";
            return false;
        }

        if (candidates.Count == 0)
        {
            malformed = "it needs at least one v1=<hex HMAC-SHA256>.";
            return false;
        }

        return true;
    }
}
