using System.Security.Cryptography;

namespace Callaro.Functions.Webhooks.Signatures;

/// <summary>Small helpers shared by the verifiers; every comparison of secrets is constant-time.</summary>
internal static class SignatureMath
{
    /// <summary>Lowercase hex SHA-256, the form Twilio's bodySHA256 and Vonage's payload_hash use.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Compares a hex string sent by a caller with computed bytes without leaking timing.</summary>
    public static bool HexEquals(string? sentHex, ReadOnlySpan<byte> expected)
    {
        if (sentHex is null || sentHex.Length != expected.Length * 2)
        {
            return false;
        }

        byte[] sent;
        try
        {
            sent = Convert.FromHexString(sentHex);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(sent, expected);
    }
}
