using System.Globalization;
using System.Text.RegularExpressions;

namespace Callaro.Functions.Webhooks.Parsing;

/// <summary>
/// ISO-8601 timestamps that say their offset. A time without an offset is ambiguous (whose midnight?)
/// and would file a call under the wrong date, so it is rejected rather than guessed.
/// </summary>
internal static partial class Timestamps
{
    public const string Expected = "an ISO-8601 timestamp with an offset, e.g. 2026-03-01T09:30:00Z or 2026-03-01T10:30:00+01:00";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoWithOffset();

    public static bool TryParseIso(string? text, out DateTimeOffset value)
    {
        value = default;
        return text is not null
            && IsoWithOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    /// <summary>RFC 1123 / RFC 2822 as Twilio sends it: <c>Tue, 21 Nov 2026 08:35:09 +0000</c> (or <c>GMT</c>).</summary>
    public static bool TryParseRfc1123(string? text, out DateTimeOffset value)
    {
        string[] formats = ["ddd, dd MMM yyyy HH:mm:ss zzz", "ddd, d MMM yyyy HH:mm:ss zzz", "r"];
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // .NET's zzz wants +00:00; Twilio writes +0000.
        var normalized = RfcOffset().Replace(text.Trim(), "$1:$2");
        return DateTimeOffset.TryParseExact(normalized, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    [GeneratedRegex(@"([+-]\d{2})(\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex RfcOffset();
}
