using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Callaro.Functions.Webhooks.Signatures;

/// <summary>
/// Checks Vonage signed webhooks: <c>Authorization: Bearer &lt;JWT&gt;</c> signed HS256 with the
/// account's signature secret, issued (<c>iat</c>) within the tolerance of the server clock, and whose
/// <c>payload_hash</c> claim is the hex SHA-256 of the raw body (the JWT alone does not cover the body).
/// Only HS256 is accepted: the header's <c>alg</c> is never trusted to pick the algorithm.
/// </summary>
public sealed class VonageSignatureVerifier
{
    /// <summary>How far <c>iat</c> may be from the server clock, either way.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private readonly byte[] _secret;
    private readonly TimeProvider _time;

    /// <summary>Creates a verifier for one signature secret.</summary>
    public VonageSignatureVerifier(string signatureSecret, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(signatureSecret);
        _secret = Encoding.UTF8.GetBytes(signatureSecret);
        _time = time;
    }

    /// <summary>Checks the Authorization header against the raw body.</summary>
    /// <param name="authorization">The whole <c>Authorization</c> header.</param>
    /// <param name="body">The raw body.</param>
    /// <param name="applicationId">The token's <c>application_id</c> claim, when the token is good and has one.</param>
    public SignatureResult Verify(string? authorization, ReadOnlySpan<byte> body, out string? applicationId)
    {
        applicationId = null;
        const string bearer = "Bearer ";
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return SignatureResult.Invalid("The Authorization header is missing. Turn on signed webhooks for the Vonage application so Vonage sends Authorization: Bearer <JWT>.");
        }

        if (!authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return SignatureResult.Invalid("The Authorization header must be 'Bearer <JWT>'.");
        }

        var parts = authorization[bearer.Length..].Trim().Split('.');
        if (parts.Length != 3
            || !TryDecodeJson(parts[0], out var header)
            || !TryDecodeJson(parts[1], out var claims)
            || !TryDecodeBase64Url(parts[2], out var signature))
        {
            return SignatureResult.Invalid("The bearer token in the Authorization header is not a well-formed JWT.");
        }

        using (header)
        using (claims)
        {
            if (header.RootElement.ValueKind != JsonValueKind.Object
                || !header.RootElement.TryGetProperty("alg", out var alg) || TextOf(alg) != "HS256")
            {
                return SignatureResult.Invalid("The bearer token must be signed with HS256 (header alg).");
            }

            var expected = HMACSHA256.HashData(_secret, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
            if (!CryptographicOperations.FixedTimeEquals(signature, expected))
            {
                return SignatureResult.Invalid("The bearer token's signature does not match the signature secret in Callaro__Vonage__SignatureSecret.");
            }

            var root = claims.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("iat", out var iat))
            {
                return SignatureResult.Invalid("The bearer token has no iat (issued-at) claim.");
            }

            // A JWT's NumericDate is a JSON number; anything else is a malformed token, not a server fault.
            if (iat.ValueKind != JsonValueKind.Number || !iat.TryGetInt64(out var issuedAt))
            {
                return SignatureResult.Invalid("The bearer token's iat (issued-at) claim must be a whole number of seconds since 1970, not a string or fraction.");
            }

            var skew = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(issuedAt, 0, 253402300799));
            if (skew.Duration() > Tolerance)
            {
                return SignatureResult.Invalid(
                    $"The bearer token is stale: its iat is {(long)skew.Duration().TotalSeconds} s away from the server clock and at most {(long)Tolerance.TotalSeconds} s is accepted.");
            }

            if (!root.TryGetProperty("payload_hash", out var payloadHash) || TextOf(payloadHash) is not { } sentHash)
            {
                return SignatureResult.Invalid("The bearer token has no payload_hash claim, so it does not vouch for the body.");
            }

            if (!SignatureMath.HexEquals(sentHash, SHA256.HashData(body)))
            {
                return SignatureResult.Invalid("The bearer token's payload_hash does not match the SHA-256 of the body: the body was changed after signing.");
            }

            if (root.TryGetProperty("application_id", out var app))
            {
                applicationId = TextOf(app);
            }

            return SignatureResult.Valid;
        }
    }

    /// <summary>Builds a signed token for a body, for senders such as the simulator and tests.</summary>
    public static string CreateToken(string signatureSecret, DateTimeOffset issuedAt, ReadOnlySpan<byte> body, string? applicationId = null)
    {
        var header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);
        var claims = new Dictionary<string, object>
        {
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["iss"] = "Vonage",
            ["payload_hash"] = SignatureMath.Sha256Hex(body),
        };
        if (applicationId is not null)
        {
            claims["application_id"] = applicationId;
        }

        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signatureSecret), Encoding.ASCII.GetBytes(header + "." + payload));
        return header + "." + payload + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>A claim's text; null when it is not a string or not valid Unicode (a lone surrogate escape).</summary>
    private static string? TextOf(JsonElement claim)
    {
        if (claim.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return claim.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static bool TryDecodeJson(string part, out JsonDocument document)
    {
        document = null!;
        if (!TryDecodeBase64Url(part, out var bytes))
        {
            return false;
        }

        try
        {
            document = JsonDocument.Parse(bytes);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryDecodeBase64Url(string part, out byte[] bytes)
    {
        bytes = [];
        if (part.Length == 0 || !Base64Url.IsValid(part))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(part);
        return true;
    }
}
