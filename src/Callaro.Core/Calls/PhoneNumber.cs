namespace Callaro.Core.Calls;

/// <summary>
/// One form for phone numbers, so a number is found however it was written. Providers and people write the
/// same number as <c>+14155550123</c>, <c>14155550123</c> (Vonage), <c>+1 (415) 555-0123</c> or
/// <c>0014155550123</c>; the E.164 form is stored beside the number as sent, which is never changed.
/// Short internal extensions, <c>client:…</c> identities and SIP URIs are not phone numbers and stay as they are.
/// </summary>
public static class PhoneNumber
{
    // E.164 allows at most 15 digits; the shortest numbering plans have 7 with their country code.
    private const int MinDigits = 7;
    private const int MaxDigits = 15;
    // Without a '+' or '00', only a string this long can carry a country code (Vonage's form); shorter ones are
    // extensions or national numbers whose country we cannot know.
    private const int MinBareInternationalDigits = 11;

    /// <summary>
    /// The E.164 form (<c>+</c> and digits) of a phone number, or null when the value is not one: an extension,
    /// a national number without a country code, a <c>client:</c> identity, a SIP URI, or anything else.
    /// </summary>
    public static string? ToE164(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Trim();
        if (text.Contains(':') || text.Contains('@')) return null;

        Span<char> digits = stackalloc char[MaxDigits + 2]; // room for a "00" prefix
        var count = 0;
        var plus = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                if (count == digits.Length) return null;
                digits[count++] = c;
            }
            else if (c == '+' && i == 0) plus = true;
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '/' or '\u00A0')) return null;
        }

        var international = digits[..count];
        if (!plus && international.StartsWith("00")) international = international[2..];
        else if (!plus && (count < MinBareInternationalDigits || digits[0] == '0')) return null;
        if (international.Length is < MinDigits or > MaxDigits || international[0] == '0') return null;
        return "+" + new string(international);
    }

    /// <summary>The form a number is indexed and searched by: its E.164 form when it has one, else the value as sent (trimmed).</summary>
    public static string IndexForm(string value) => ToE164(value) ?? value.Trim();
}
