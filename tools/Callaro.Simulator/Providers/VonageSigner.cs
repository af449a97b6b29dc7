using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Callaro.Simulator.Providers;

/// <summary>
/// Vonage's signed webhooks: <c>Authorization: Bearer &lt;JWT&gt;</c>, HS256 with the signature secret, claims
/// <c>iat</c>, <c>jti</c>, <c>iss</c>, <c>payload_hash</c> (hex SHA-256 of the raw body), <c>api_key</c>, <c>application_id</c>.
/// </summary>
internal static class VonageSigner
{
    public static string CreateToken(string secret, long issuedAt, string jwtId, string apiKey, string applicationId, ReadOnlySpan<byte> body)
    {
        var header = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8);
        var claims = JsonSerializer.SerializeToUtf8Bytes(new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["iat"] = issuedAt,
            ["jti"] = jwtId,
            ["iss"] = "Vonage",
            ["payload_hash"] = Convert.ToHexStringLower(SHA256.HashData(body)),
            ["api_key"] = apiKey,
            ["application_id"] = applicationId,
        });
        var signingInput = header + "." + Base64Url(claims);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url(mac);
    }

    public static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
