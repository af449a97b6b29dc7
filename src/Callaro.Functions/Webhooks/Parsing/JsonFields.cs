using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Callaro.Functions.Webhooks.Parsing;

/// <summary>
/// Reads known fields of one JSON object strictly (wrong type = error naming the field) and ignores
/// fields it is not asked about, so senders may add fields without breaking deliveries.
/// </summary>
internal readonly struct JsonFields(JsonElement obj, string prefix, FieldErrors errors)
{
    // A key sent twice is ambiguous (which one did the sender mean, and which did the signature vouch for?).
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    /// <summary>
    /// Parses a delivery's body, or rejects it (field <c>body</c>, or the path of the bad string) saying why
    /// it is not JSON this service can read: malformed, a key sent twice, or a string that is not text
    /// (a lone UTF-16 surrogate such as <c>"\ud800"</c>, or bytes that are not UTF-8).
    /// </summary>
    public static bool TryParseBody(
        ReadOnlySpan<byte> body, [NotNullWhen(true)] out JsonDocument? document, [NotNullWhen(false)] out ParsedDelivery? notJson)
    {
        try
        {
            document = JsonDocument.Parse(body.ToArray(), Strict);
        }
        catch (JsonException e)
        {
            document = null;
            notJson = ParsedDelivery.Invalid("body", $"The body is not valid JSON: {e.Message}");
            return false;
        }

        if (FirstUnreadableString(document.RootElement, "") is { } path)
        {
            document.Dispose();
            document = null;
            notJson = ParsedDelivery.Invalid(path.Length == 0 ? "body" : path,
                $"{(path.Length == 0 ? "The body" : path)} holds a string that is not valid Unicode text (a lone surrogate escape such as \\ud800, or bytes that are not UTF-8). Send UTF-8 text.");
            return false;
        }

        notJson = null;
        return true;
    }

    /// <summary>The path of the first name or string value that cannot be read as text, or null when all can.</summary>
    private static string? FirstUnreadableString(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsText(element) ? null : path;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstUnreadableString(item, path.Length == 0 ? $"events[{i++}]" : $"{path}[{i++}]") is { } bad)
                    {
                        return bad;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!TryReadName(property, out var name))
                    {
                        return path;
                    }

                    if (FirstUnreadableString(property.Value, path.Length == 0 ? name : $"{path}.{name}") is { } bad)
                    {
                        return bad;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool IsText(JsonElement value)
    {
        try
        {
            return value.GetString() is { } text && !HasLoneSurrogate(text);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryReadName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return !HasLoneSurrogate(name);
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

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
