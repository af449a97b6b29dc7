using System.Text;
using System.Text.RegularExpressions;

namespace Callaro.Functions.Telemetry;

/// <summary>
/// Phone numbers in telemetry keep only their last digits: enough for an operator to match "the caller ending
/// 0123" to a complaint, not enough to call anyone back.
/// </summary>
public static partial class PhoneNumberMask
{
    /// <summary>Digits kept at the end of a number; short numbers (extensions) keep fewer.</summary>
    public const int KeptDigits = 4;

    private const char Hidden = '*';

    /// <summary><c>+1 (415) 555-0123</c> becomes <c>+*******0123</c>; null stays null.</summary>
    public static string? Mask(string? number)
    {
        if (number is null)
        {
            return null;
        }

        var digits = number.Count(char.IsAsciiDigit);
        var kept = digits > 2 * KeptDigits ? KeptDigits : digits / 2;
        var masked = new StringBuilder(digits + 1);
        if (number.TrimStart().StartsWith('+'))
        {
            masked.Append('+');
        }

        var seen = 0;
        foreach (var c in number)
        {
            if (char.IsAsciiDigit(c))
            {
                masked.Append(seen++ < digits - kept ? Hidden : c);
            }
        }

        return masked.ToString();
    }

    /// <summary>
    /// Masks every run of seven or more digits in free text (a storage URL with a number-index row key, a
    /// status message): whatever else such a run is (a timestamp, inverted ticks), losing it costs an
    /// operator less than a number leaking.
    /// </summary>
    public static string MaskNumbersIn(string text) =>
        DigitRun().IsMatch(text) ? DigitRun().Replace(text, match => Mask(match.Value)!) : text;

    [GeneratedRegex(@"\+?[0-9]{7,}")]
    private static partial Regex DigitRun();
}
