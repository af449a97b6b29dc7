using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Callaro.Functions.Webhooks.Signatures;

/// <summary>
/// Checks <c>X-Twilio-Signature</c> the way Twilio's own request validators do: base64 HMAC over the full
/// public URL followed, for form posts, by the POST parameters sorted ordinally by name, each repeated
/// name contributing its distinct values sorted ordinally, concatenated as name+value (twilio-node 6.x
/// <c>getExpectedTwilioSignature</c>). Twilio has signed some URLs with the default port spelled out and
/// some without, so both spellings are accepted. JSON bodies are signed over the URL alone; the URL
/// carries <c>bodySHA256</c>, the hex SHA-256 of the body.
/// </summary>
/// <remarks>
/// The key is the account's auth token (HMAC-SHA1) unless the request carries
/// <c>X-Twilio-Webhooks-Signature-Settings: key=&lt;id&gt;,algorithm=&lt;HMAC_SHA256|HMAC_SHA1&gt;</c>: a Webhook
/// Setting then signed it with that shared signing key, configured here by id. Only the key and the hash
/// change; the signed string is the same.
/// </remarks>
public sealed class TwilioSignatureVerifier
{
    /// <summary>The header that carries the signature.</summary>
    public const string HeaderName = "X-Twilio-Signature";

    /// <summary>The header naming the signing key and algorithm when a Webhook Setting signed the request.</summary>
    public const string SettingsHeaderName = "X-Twilio-Webhooks-Signature-Settings";

    private readonly byte[] _authToken;
    private readonly IReadOnlyDictionary<string, string> _signingKeys;

    /// <summary>Creates a verifier for one auth token and the account's webhook signing keys (id to secret).</summary>
    public TwilioSignatureVerifier(string authToken, IReadOnlyDictionary<string, string>? signingKeys = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(authToken);
        _authToken = Encoding.UTF8.GetBytes(authToken);
        _signingKeys = signingKeys ?? new Dictionary<string, string>();
    }

    /// <summary>The signing algorithms a Webhook Setting may name.</summary>
    public enum Algorithm
    {
        /// <summary>HMAC-SHA1, the auth token's algorithm.</summary>
        HmacSha1,
        /// <summary>HMAC-SHA256.</summary>
        HmacSha256,
    }

    /// <summary>Checks a form-encoded delivery.</summary>
    /// <param name="signature">The <c>X-Twilio-Signature</c> header.</param>
    /// <param name="settings">The <c>X-Twilio-Webhooks-Signature-Settings</c> header, if any.</param>
    /// <param name="url">The full URL Twilio posted to, including the query string.</param>
    /// <param name="parameters">Every POST parameter, repeated names included.</param>
    public SignatureResult VerifyForm(string? signature, string? settings, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        if (string.IsNullOrWhiteSpace(signature))
        {
            return Missing();
        }

        if (!TryChooseKey(settings, out var key, out var algorithm, out var refused))
        {
            return refused;
        }

        return MatchesEitherPortSpelling(signature, key, algorithm, url, Canonical(parameters))
            ? SignatureResult.Valid
            : Mismatch(url, settings);
    }

    /// <summary>Checks a JSON delivery: the URL signature, then that <c>bodySHA256</c> is the body's hash.</summary>
    public SignatureResult VerifyJson(string? signature, string? settings, string url, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrWhiteSpace(signature))
        {
            return Missing();
        }

        if (!TryChooseKey(settings, out var key, out var algorithm, out var refused))
        {
            return refused;
        }

        var query = url.IndexOf('?') is var q and >= 0 ? url[q..] : "";
        var queryParameters = QueryHelpers.ParseQuery(query);
        if (!queryParameters.TryGetValue("bodySHA256", out var bodyHash) || bodyHash.Count != 1)
        {
            return SignatureResult.Invalid("A JSON delivery signed with X-Twilio-Signature must carry the body's hex SHA-256 in the bodySHA256 query parameter; this URL has none.");
        }

        if (!MatchesEitherPortSpelling(signature, key, algorithm, url, []))
        {
            return Mismatch(url, settings);
        }

        return SignatureMath.HexEquals(bodyHash[0], SHA256.HashData(body))
            ? SignatureResult.Valid
            : SignatureResult.Invalid("The bodySHA256 query parameter does not match the SHA-256 of the body: the body was changed after signing.");
    }

    /// <summary>Computes a signature, for senders such as the simulator and tests.</summary>
    public static string Sign(string secret, string url, IEnumerable<KeyValuePair<string, string>> parameters, Algorithm algorithm = Algorithm.HmacSha1) =>
        Convert.ToBase64String(Compute(Encoding.UTF8.GetBytes(secret), algorithm, url, Canonical(parameters)));

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

    /// <summary>Names sorted; a repeated name's distinct values sorted (a value sent twice is signed once).</summary>
    private static List<KeyValuePair<string, string>> Canonical(IEnumerable<KeyValuePair<string, string>> parameters) =>
        parameters
            .Distinct()
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .ToList();

    private bool TryChooseKey(string? settings, out byte[] key, out Algorithm algorithm, out SignatureResult refused)
    {
        key = _authToken;
        algorithm = Algorithm.HmacSha1;
        refused = SignatureResult.Valid;
        if (string.IsNullOrWhiteSpace(settings))
        {
            return true;
        }

        string? keyId = null;
        string? algorithmName = null;
        foreach (var part in settings.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            var (name, value) = equals > 0 ? (part[..equals].Trim(), part[(equals + 1)..].Trim()) : (part, "");
            if (name.Equals("key", StringComparison.OrdinalIgnoreCase))
            {
                keyId = value;
            }
            else if (name.Equals("algorithm", StringComparison.OrdinalIgnoreCase))
            {
                algorithmName = value;
            }
        }

        if (string.IsNullOrEmpty(keyId))
        {
            refused = SignatureResult.Invalid($"The {SettingsHeaderName} header names no key; it must be 'key=<signing key id>,algorithm=HMAC_SHA256'.");
            return false;
        }

        switch (algorithmName?.ToUpperInvariant())
        {
            case "HMAC_SHA256":
                algorithm = Algorithm.HmacSha256;
                break;
            case "HMAC_SHA1":
                algorithm = Algorithm.HmacSha1;
                break;
            default:
                refused = SignatureResult.Invalid($"The {SettingsHeaderName} algorithm must be HMAC_SHA256 or HMAC_SHA1.");
                return false;
        }

        if (!_signingKeys.TryGetValue(keyId, out var secret) || string.IsNullOrEmpty(secret))
        {
            refused = SignatureResult.Invalid(
                $"The request is signed with the webhook signing key '{Printable(keyId)}', which is not configured. Add its secret as Callaro__Twilio__SigningKeys__<key id>.");
            return false;
        }

        key = Encoding.UTF8.GetBytes(secret);
        return true;
    }

    private static bool MatchesEitherPortSpelling(string signature, byte[] key, Algorithm algorithm, string url, List<KeyValuePair<string, string>> sortedParameters)
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
        var first = CryptographicOperations.FixedTimeEquals(sent, Compute(key, algorithm, withoutPort, sortedParameters));
        var second = CryptographicOperations.FixedTimeEquals(sent, Compute(key, algorithm, withPort, sortedParameters));
        return first | second;
    }

    private static byte[] Compute(byte[] key, Algorithm algorithm, string url, List<KeyValuePair<string, string>> sortedParameters)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in sortedParameters)
        {
            data.Append(name).Append(value);
        }

        var bytes = Encoding.UTF8.GetBytes(data.ToString());
        return algorithm == Algorithm.HmacSha256 ? HMACSHA256.HashData(key, bytes) : HMACSHA1.HashData(key, bytes);
    }

    // Key ids are not secret, but they come from the request: echo only a short, printable form.
    private static string Printable(string keyId)
    {
        var clean = new string([.. keyId.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').Take(64)]);
        return clean.Length == 0 ? "?" : clean;
    }

    private static SignatureResult Missing() =>
        SignatureResult.Invalid($"The {HeaderName} header is missing. Point the status callback at this URL from your Twilio account so Twilio signs it.");

    private static SignatureResult Mismatch(string url, string? settings) =>
        SignatureResult.Invalid(string.IsNullOrWhiteSpace(settings)
            ? $"The {HeaderName} signature does not match. It is checked over {url} (set Callaro__PublicBaseUrl to the public address Twilio posts to when the app sits behind a proxy) with the auth token in Callaro__Twilio__AuthToken."
            : $"The {HeaderName} signature does not match. It is checked over {url} (set Callaro__PublicBaseUrl to the public address Twilio posts to when the app sits behind a proxy) with the signing key named in {SettingsHeaderName} (Callaro__Twilio__SigningKeys__<key id>).");
}
