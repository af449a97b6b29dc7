using System.Globalization;
using System.Text;

namespace Callaro.Storage.Tables;

/// <summary>
/// Turns an interpolated string into an OData filter, formatting every hole as an OData literal of its
/// own type with the invariant culture: user input can never close a quote or change the expression.
/// </summary>
internal static class TableOdataFilter
{
    public static string Create(FormattableString filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var args = filter.GetArguments();
        var literals = new object?[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            literals[i] = new FormattedLiteral(ToLiteral(args[i]));
        }

        return string.Format(CultureInfo.InvariantCulture, filter.Format, literals);
    }

    internal static string ToLiteral(object? value) => value switch
    {
        null => "null",
        string s => Quote(s),
        char c => Quote(c.ToString()),
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        short s => s.ToString(CultureInfo.InvariantCulture),
        byte b => b.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d => FormatDouble(d),
        float f => FormatDouble(f),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateTimeOffset dto => "datetime'" + FormatDate(dto.UtcDateTime) + "'",
        DateTime dt => "datetime'" + FormatDate(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime()) + "'",
        Guid g => "guid'" + g.ToString("D") + "'",
        byte[] bytes => "X'" + Convert.ToHexStringLower(bytes) + "'",
        BinaryData data => "X'" + Convert.ToHexStringLower(data.ToMemory().Span) + "'",
        ReadOnlyMemory<byte> memory => "X'" + Convert.ToHexStringLower(memory.Span) + "'",
        Enum e => Quote(e.ToString()),
        IFormattable f => Quote(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => Quote(value.ToString() ?? ""),
    };

    private static string Quote(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string FormatDouble(double d)
    {
        if (!double.IsFinite(d))
        {
            throw new ArgumentException("OData filters cannot compare with NaN or infinity.", nameof(d));
        }

        var text = d.ToString("R", CultureInfo.InvariantCulture);

        // A whole number would read back as an Int32 literal; keep it a double.
        return text.AsSpan().IndexOfAny(".Ee") < 0 ? text + ".0" : text;
    }

    private static string FormatDate(DateTime utc) =>
        utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    // Keeps string.Format from applying a format specifier to the already-escaped literal.
    private sealed class FormattedLiteral(string literal) : IFormattable
    {
        public string ToString(string? format, IFormatProvider? formatProvider) => literal;

        public override string ToString() => literal;
    }
}
