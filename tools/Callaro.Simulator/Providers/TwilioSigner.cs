using System.Security.Cryptography;
using System.Text;

namespace Callaro.Simulator.Providers;

/// <summary>
/// Twilio's request signature: base64(HMAC-SHA1(auth token, full URL + each POST parameter's name then value,
/// parameters sorted ordinally by name, then by value for repeated names)).
/// </summary>
internal static class TwilioSigner
{
    public const string HeaderName = "X-Twilio-Signature";

    public static string Sign(string authToken, string fullUrl, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(fullUrl);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
        return Convert.ToBase64String(mac);
    }

    /// <summary>application/x-www-form-urlencoded, as Twilio posts it (so '+' in numbers travels as %2B).</summary>
    public static string FormEncode(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
}
