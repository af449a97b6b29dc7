using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace Callaro.Functions.CallLog;

/// <summary>
/// A fragment of HTML that is safe to emit. The only way to make one from data is an interpolated
/// string through <see cref="Of"/>, whose holes are HTML-encoded unless they are already <see cref="Html"/>:
/// encoding is the default, so a value from a webhook cannot reach the page raw by accident.
/// </summary>
public readonly struct Html
{
    private readonly string? _value;

    private Html(string value) => _value = value;

    /// <summary>Nothing.</summary>
    public static Html Empty => default;

    /// <summary>Builds a fragment; every interpolated value is encoded unless it is <see cref="Html"/>.</summary>
    public static Html Of(ref HtmlHandler handler) => new(handler.ToStringAndClear());

    /// <summary>Concatenates fragments.</summary>
    public static Html Join(IEnumerable<Html> fragments) => new(string.Concat(fragments.Select(f => f._value)));

    /// <summary>The fragment when <paramref name="condition"/> holds, else nothing.</summary>
    public static Html When(bool condition, Html fragment) => condition ? fragment : Empty;

    /// <summary>The markup.</summary>
    public override string ToString() => _value ?? "";

    // Markup that is a compile-time constant of this assembly, never data.
    internal static Html Trusted(string constant) => new(constant);
}

/// <summary>The interpolated-string handler behind <see cref="Html.Of"/>.</summary>
[InterpolatedStringHandler]
public ref struct HtmlHandler
{
    private readonly StringBuilder _builder;

    /// <summary>Creates the handler (called by the compiler).</summary>
    public HtmlHandler(int literalLength, int formattedCount) => _builder = new StringBuilder(literalLength + formattedCount * 16);

    /// <summary>Literal markup written in source code.</summary>
    public readonly void AppendLiteral(string literal) => _builder.Append(literal);

    /// <summary>A fragment that is already safe.</summary>
    public readonly void AppendFormatted(Html fragment) => _builder.Append(fragment.ToString());

    /// <summary>Fragments that are already safe.</summary>
    public readonly void AppendFormatted(IEnumerable<Html> fragments)
    {
        foreach (var f in fragments) _builder.Append(f.ToString());
    }

    /// <summary>Any other value: formatted with the invariant culture and HTML-encoded.</summary>
    public readonly void AppendFormatted<T>(T value) => AppendFormatted(value, null);

    /// <summary>Any other value with a format: formatted with the invariant culture and HTML-encoded.</summary>
    public readonly void AppendFormatted<T>(T value, string? format)
    {
        var text = value switch
        {
            null => "",
            IFormattable f => f.ToString(format, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        _builder.Append(HtmlEncoder.Default.Encode(text));
    }

    internal readonly string ToStringAndClear()
    {
        var s = _builder.ToString();
        _builder.Clear();
        return s;
    }
}
