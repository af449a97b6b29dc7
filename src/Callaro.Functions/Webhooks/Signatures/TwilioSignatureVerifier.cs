using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Callaro.Functions.Webhooks.Signatures;

/// <summary>
/// Checks <c>X-Twilio-Signature</c> the way Twilio's own request validators do: base64 HMAC-SHA1 with
/// the account's auth token over the full public URL followed, for form posts, by every POST parameter
/// sorted ordinally by name then value and concatenated as name+value. Twilio has signed some URLs
/// with the default port spelled out and some without, so both spellings are accepted. JSON bodies are
/// signed over the URL alone; the URL carries <c>bodySHA256</c>, the hex SHA-256 of the body.
/// </summary>
public sealed class TwilioSignatureVerifier
{
    /// <summary>The header that carries the signature.</summary>
    public const string HeaderName = "X-Twilio-Signature";

    private readonly byte[] _authToken;

    /// <summary>Creates a verifier for one auth token.</summary>
    public TwilioSignatureVerifier(string authToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(authToken);
        _authToken = Encoding.UTF8.GetBytes(authToken);
    }

    /// <summary>Checks a form-encoded delivery.</summary>
    /// <param name="signature">The <c>X-Twilio-Signature</c> header.</param>
    /// <param name="url">The full URL Twilio posted to, including the query string.</param>
    /// <param name="parameters">Every POST parameter, repeated names included.</param>
    public SignatureResult VerifyForm(string? signature, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        if (string.IsNullOrWhiteSpace(signature))
        {
            return Missing();
        }

        var sorted = parameters
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .ToList();
        return MatchesEitherPortSpelling(signature, url, sorted)
            ? SignatureResult.Valid
            : Mismatch(url);
    }

    /// <summary>Checks a JSON delivery: the URL signature, then that <c>bodySHA256</c> is the body's hash.</summary>
    public SignatureResult VerifyJson(string? signature, string url, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(signature))
        {
            return Missing();
        }

        var query = url.IndexOf('?') is var q and >= 0 ? url[q..] : "";
        var queryParameters = QueryHelpers.ParseQuery(query);
        if (!queryParameters.TryGetValue("bodySHA256", out var bodyHash) || bodyHash.Count != 1)
        {
            return SignatureResult.Invalid("A JSON delivery signed with X-Twilio-Signature must carry the body's hex SHA-256 in the bodySHA256 query parameter; this URL has none.");
        }

        if (!MatchesEitherPortSpelling(signature, url, []))
        {
            return Mismatch(url);
        }

        return SignatureMath.HexEquals(bodyHash[0], SHA256.HashData(body))
            ? SignatureResult.Valid
            : SignatureResult.Invalid("The bodySHA256 query parameter does not match the SHA-256 of the body: the body was changed after signing.");
    }

    /// <summary>Computes a signature, for senders such as the simulator and tests.</summary>
    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var sorted = parameters
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .ToList();
        return Convert.ToBase64String(Compute(Encoding.UTF8.GetBytes(authToken), url, sorted));
    }

    /// <summary>
    /// The URL as Twilio may have signed it: without any port, and with the port (the explicit one, or
    /// the scheme's default when none was written). Path and query are kept byte for byte.
    /// </summary>
    internal static (string WithoutPort, string WithPort) PortSpellings(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return (url, url);
        }

        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }

        var authority = url[authorityStart..authorityEnd];
        var hostStart = authority.LastIndexOf('@') + 1;
        var colon = authority.LastIndexOf(':');
        var hasPort = colon >= hostStart && colon > authority.LastIndexOf(']');
        var hostOnly = hasPort ? authority[..colon] : authority;

        var before = url[..authorityStart];
        var after = url[authorityEnd..];
        var scheme = url[..schemeEnd];
        var defaultPort = scheme.Equals("https", StringComparison.OrdinalIgnoreCase) ? "443" : "80";

        var withoutPort = before + hostOnly + after;
        var withPort = hasPort ? url : before + hostOnly + ":" + defaultPort + after;
        return (withoutPort, withPort);
    }

    private bool MatchesEitherPortSpelling(string signature, string url, List<KeyValuePair<string, string>> sortedParameters)
    {
        byte[] sent;
        try
        {
            sent = Convert.FromBase64String(signature.Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        var (withoutPort, withPort) = PortSpellings(url);
        // Both are computed and compared so the time taken does not reveal which spelling matched.
        var first = CryptographicOperations.FixedTimeEquals(sent, Compute(_authToken, withoutPort, sortedParameters));
        var second = CryptographicOperations.FixedTimeEquals(sent, Compute(_authToken, withPort, sortedParameters));
        return first | second;
    }

    private static byte[] Compute(byte[] key, string url, List<KeyValuePair<string, string>> sortedParameters)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in sortedParameters)
        {
            data.Append(name).Append(value);
        }

        return HMACSHA1.HashData(key, Encoding.UTF8.GetBytes(data.ToString()));
    }

    private static SignatureResult Missing() =>
        SignatureResult.Invalid($"The {HeaderName} header is missing. Point the status callback at this URL from your Twilio account so Twilio signs it.");

    private static SignatureResult Mismatch(string url) =>
        SignatureResult.Invalid(
            $"The {HeaderName} signature does not match. It is checked over {url} (set Callaro__PublicBaseUrl to the public address Twilio posts to when the app sits behind a proxy) with the auth token in Callaro__Twilio__AuthToken.");
}
