using System.Text.Json;
using System.Text.Json.Serialization;

namespace Callaro.Functions.Settings;

/// <summary>
/// Reads a settings body strictly: one JSON object, known member names only (exact spelling), each member once,
/// numbers as numbers. Every problem comes back keyed by the member it concerns, so a 400 names the field.
/// </summary>
internal static class SettingsJson
{
    /// <summary>Settings bodies are small; anything bigger is a mistake.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    /// <summary>
    /// The body as <typeparamref name="T"/>, or the errors: <c>body</c> for a body that is not one JSON object,
    /// the member name for an unknown member or a value of the wrong type.
    /// </summary>
    /// <param name="body">The request body.</param>
    /// <param name="members">The member names <typeparamref name="T"/> accepts, with what each expects (for messages).</param>
    public static async Task<(T? Value, Dictionary<string, string[]> Errors)> ReadAsync<T>(
        Stream body, IReadOnlyDictionary<string, string> members, CancellationToken cancellationToken) where T : class
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            errors["body"] = [$"The body is not valid JSON ({Where(e)}). Send one JSON object with the settings: {string.Join(", ", members.Keys)}."];
            return (null, errors);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors["body"] = [$"The body must be a JSON object with the settings ({string.Join(", ", members.Keys)}), not {Article(root.ValueKind)}."];
                return (null, errors);
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in root.EnumerateObject())
            {
                if (!members.ContainsKey(member.Name))
                    errors[member.Name] = [$"'{member.Name}' is not a setting. The settings are: {string.Join(", ", members.Keys)} (spelled exactly so)."];
                else if (!seen.Add(member.Name))
                    errors[member.Name] = [$"'{member.Name}' appears more than once; send each setting once."];
            }
            if (errors.Count > 0) return (null, errors);

            try
            {
                return (root.Deserialize<T>(Options), errors);
            }
            catch (JsonException e)
            {
                var name = TopMember(e.Path);
                errors[name ?? "body"] = [name is not null && members.TryGetValue(name, out var expected)
                    ? $"'{name}' has a value of the wrong type: {expected}."
                    : $"The body could not be read ({Where(e)})."];
                return (null, errors);
            }
        }
    }

    private static string? TopMember(string? path)
    {
        // System.Text.Json paths look like $.name, $.name[2] or $.name.key, and $['odd name'] for other names.
        if (path is null || !path.StartsWith("$.", StringComparison.Ordinal)) return null;
        var rest = path[2..];
        var end = rest.IndexOfAny(['.', '[']);
        return end < 0 ? rest : rest[..end];
    }

    private static string Where(JsonException e) =>
        e.LineNumber is { } line ? $"line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}" : "at the end";

    private static string Article(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
