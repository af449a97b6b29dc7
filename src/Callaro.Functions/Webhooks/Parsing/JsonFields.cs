using System.Globalization;
using System.Text.Json;

namespace Callaro.Functions.Webhooks.Parsing;

/// <summary>
/// Reads known fields of one JSON object strictly (wrong type = error naming the field) and ignores
/// fields it is not asked about, so senders may add fields without breaking deliveries.
/// </summary>
internal readonly struct JsonFields(JsonElement obj, string prefix, FieldErrors errors)
{
    public string Path(string name) => prefix + name;

    public void Add(string name, string reason) => errors.Add(Path(name), reason);

    /// <summary>A reader for an object inside this one, its errors keyed under <paramref name="nestedPrefix"/>.</summary>
    public JsonFields Nested(JsonElement inner, string nestedPrefix) => new(inner, prefix + nestedPrefix, errors);

    public bool Has(string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public string? String(string name, bool required = false, bool allowNumber = false)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(Path(name), $"{name} is required.");
            }

            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && allowNumber)
        {
            return value.GetRawText();
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(Path(name), $"{name} must be a string, not {Describe(value)}.");
            return null;
        }

        var text = value.GetString()!;
        if (required && string.IsNullOrWhiteSpace(text))
        {
            errors.Add(Path(name), $"{name} must not be empty.");
            return null;
        }

        return text;
    }

    public DateTimeOffset? Timestamp(string name, bool required = false)
    {
        var text = String(name, required);
        if (text is null)
        {
            return null;
        }

        if (!Timestamps.TryParseIso(text, out var value))
        {
            errors.Add(Path(name), $"{name} must be {Timestamps.Expected}; got '{Truncate(text)}'.");
            return null;
        }

        return value;
    }

    /// <summary>A whole number of seconds, 0 or more. <paramref name="allowString"/> for senders that quote numbers.</summary>
    public int? Seconds(string name, bool allowString = false)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var isWholeNumber = value.ValueKind == JsonValueKind.Number
            ? value.TryGetInt32(out var seconds)
            : int.TryParse(allowString && value.ValueKind == JsonValueKind.String ? value.GetString() : null,
                NumberStyles.None, CultureInfo.InvariantCulture, out seconds);
        if (!isWholeNumber)
        {
            errors.Add(Path(name), $"{name} must be a whole number of seconds, not {Describe(value)}.");
            return null;
        }

        if (seconds < 0)
        {
            errors.Add(Path(name), $"{name} must not be negative.");
            return null;
        }

        return seconds;
    }

    public TEnum? Choice<TEnum>(string name, IReadOnlyDictionary<string, TEnum> choices, bool required = false)
        where TEnum : struct
    {
        var text = String(name, required);
        if (text is null)
        {
            return null;
        }

        if (!choices.TryGetValue(text, out var choice))
        {
            errors.Add(Path(name), $"{name} '{Truncate(text)}' is not one of: {string.Join(", ", choices.Keys)}.");
            return null;
        }

        return choice;
    }

    public string? OneOf(string name, string[] allowed, bool required = false)
    {
        var text = String(name, required);
        if (text is not null && !allowed.Contains(text, StringComparer.Ordinal))
        {
            errors.Add(Path(name), $"{name} '{Truncate(text)}' is not one of: {string.Join(", ", allowed)}.");
            return null;
        }

        return text;
    }

    public JsonElement? Object(string name, bool required = false)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(Path(name), $"{name} is required.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Path(name), $"{name} must be an object, not {Describe(value)}.");
            return null;
        }

        return value;
    }

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    // Echoing a sender's value helps them find it; a short excerpt is enough and keeps answers small.
    public static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
