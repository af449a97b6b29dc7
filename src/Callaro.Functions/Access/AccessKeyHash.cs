using System.Security.Cryptography;
using System.Text;

namespace Callaro.Functions.Access;

/// <summary>Access keys are configured as the hex SHA-256 of their UTF-8 bytes (<c>printf %s "$KEY" | sha256sum</c>).</summary>
public static class AccessKeyHash
{
    public static string ToHex(string key) => Convert.ToHexStringLower(Hash(key));

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static bool IsSha256Hex(string? value) =>
        value is { Length: 64 } && value.All(Uri.IsHexDigit);
}
