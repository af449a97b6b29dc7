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

    /// <summary>The fewest trailing digits a search by the end of a number may give.</summary>
    public const int MinSuffixDigits = 4;

    /// <summary>
    /// The most trailing digits indexed: a national number without its country code (10 digits in North America,
    /// 9 to 10 in most of Europe) is found by its suffix; longer searches are cut to their last digits.
    /// </summary>
    public const int MaxSuffixDigits = 10;

    /// <summary>
    /// The trailing digits a number is indexed by: its last 4, 5, … up to 10 digits (fewer when it has fewer),
    /// taken from its E.164 form, or from the value as sent when that is digits with separators (an extension, a
    /// national number). None for <c>client:…</c> identities, SIP URIs and other values that are not numbers.
    /// </summary>
    public static IReadOnlyList<string> IndexSuffixes(string value)
    {
        if (Digits(IndexForm(value)) is not { Length: >= MinSuffixDigits } digits) return [];
        var longest = Math.Min(digits.Length, MaxSuffixDigits);
        return [.. Enumerable.Range(MinSuffixDigits, longest - MinSuffixDigits + 1).Select(n => digits[^n..])];
    }

    /// <summary>
    /// The trailing digits a search means, or null when it names a whole number (an international number in any
    /// spelling, a short extension, a <c>client:…</c> identity): 4 or more digits that are not an international
    /// number are the end of one, searched by their last <see cref="MaxSuffixDigits"/> digits at most.
    /// </summary>
    public static string? SearchSuffix(string search)
    {
        if (ToE164(search) is not null || Digits(search) is not { Length: >= MinSuffixDigits } digits) return null;
        return digits.Length > MaxSuffixDigits ? digits[^MaxSuffixDigits..] : digits;
    }

    // The digits of a value written as a number (digits, separators, a leading '+'), or null.
    private static string? Digits(string value)
    {
        var text = value.Trim();
        var digits = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c)) digits.Append(c);
            else if (!(c == '+' && i == 0) && c is not (' ' or '-' or '.' or '(' or ')' or '/' or '\u00A0')) return null;
        }
        return digits.Length == 0 ? null : digits.ToString();
    }
}
