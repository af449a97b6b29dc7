using System.Collections;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Callaro.FunctionsHost.Configuration;

/// <summary>
/// The app settings the function app sees, merged as <c>func start</c> merges them: local.settings.json
/// <c>Values</c>, then the environment (which wins), then settings given to the host explicitly.
/// </summary>
internal sealed partial class AppSettings
{
    private readonly Dictionary<string, string> _values;

    private AppSettings(Dictionary<string, string> values, IReadOnlyDictionary<string, string> forWorker)
    {
        _values = values;
        ForWorker = forWorker;
    }

    /// <summary>The settings the worker gets on top of the host's own environment.</summary>
    public IReadOnlyDictionary<string, string> ForWorker { get; }

    public static AppSettings Load(string appDirectory, IReadOnlyDictionary<string, string?> explicitSettings)
    {
        var environment = Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => e.Value?.ToString() ?? "", StringComparer.OrdinalIgnoreCase);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var forWorker = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in ReadLocalSettings(appDirectory))
        {
            values[name] = value;
            if (!environment.ContainsKey(name))
            {
                forWorker[name] = value;
            }
        }

        foreach (var (name, value) in environment)
        {
            values[name] = value;
        }

        foreach (var (name, value) in explicitSettings)
        {
            if (value is null)
            {
                values.Remove(name);
                continue;
            }

            values[name] = value;
            forWorker[name] = value;
        }

        return new AppSettings(values, forWorker);
    }

    public string? this[string name] => _values.TryGetValue(name, out var value) ? value : null;

    /// <summary>Replaces each <c>%Name%</c> with the app setting, as binding expressions are resolved.</summary>
    /// <exception cref="InvalidOperationException">A named setting does not exist.</exception>
    public string Resolve(string expression) =>
        SettingReference().Replace(expression, match =>
        {
            var name = match.Groups[1].Value;
            return this[name] ?? throw new InvalidOperationException(
                $"'{expression}' names the app setting '{name}', which is not set. Add it to local.settings.json Values or the environment.");
        });

    private static IEnumerable<KeyValuePair<string, string>> ReadLocalSettings(string appDirectory)
    {
        // func start reads local.settings.json from the project folder; a build output has it copied next to the dll.
        var path = Path.Combine(appDirectory, "local.settings.json");
        if (!File.Exists(path))
        {
            yield break;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        if (!document.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var property in values.EnumerateObject())
        {
            yield return new(property.Name, property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString() ?? ""
                : property.Value.GetRawText());
        }
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingReference();
}
