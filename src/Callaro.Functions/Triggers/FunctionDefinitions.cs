using System.Text.Json;
using System.Text.RegularExpressions;

namespace Callaro.Functions.Triggers;

/// <summary>A blob-trigger function as declared in its function.json.</summary>
/// <param name="FunctionName">The folder name (= invocation route).</param>
/// <param name="BindingName">The trigger binding's <c>name</c> (the key in <c>Data</c>).</param>
/// <param name="Container">The container from <c>path</c> (before the first <c>/</c>), <c>%Setting%</c> substituted.</param>
/// <param name="Source">The binding's <c>source</c> (<c>LogsAndContainerScan</c> or <c>EventGrid</c>); the runner polls either way.</param>
public sealed record BlobTriggerDefinition(string FunctionName, string BindingName, string Container, string Source);

/// <summary>A timer-trigger function as declared in its function.json.</summary>
/// <param name="FunctionName">The folder name (= invocation route).</param>
/// <param name="BindingName">The trigger binding's <c>name</c>.</param>
/// <param name="Schedule">The NCRONTAB expression (or TimeSpan) with <c>%Setting%</c> already substituted.</param>
/// <param name="RunOnStartup">Fire once when the runner starts.</param>
public sealed record TimerTriggerDefinition(string FunctionName, string BindingName, string Schedule, bool RunOnStartup);

/// <summary>The trigger functions found in the app's function.json files.</summary>
/// <param name="Blobs">Blob triggers.</param>
/// <param name="Timers">Timer triggers.</param>
/// <param name="Problems">Files or bindings that could not be used, with the reason (logged at start).</param>
public sealed record FunctionDefinitions(IReadOnlyList<BlobTriggerDefinition> Blobs, IReadOnlyList<TimerTriggerDefinition> Timers, IReadOnlyList<string> Problems)
{
    /// <summary>
    /// Reads every <c>{folder}/function.json</c> under <paramref name="root"/>, like the Functions host does
    /// at the root of a function app. <c>%Name%</c> in a timer schedule or blob path is replaced by the app
    /// setting <c>Name</c> from <paramref name="configuration"/>, as the host does.
    /// </summary>
    public static FunctionDefinitions Load(string root, IConfiguration configuration)
    {
        var blobs = new List<BlobTriggerDefinition>();
        var timers = new List<TimerTriggerDefinition>();
        var problems = new List<string>();
        if (!Directory.Exists(root)) return new FunctionDefinitions(blobs, timers, [$"Folder '{root}' does not exist."]);

        foreach (var file in Directory.EnumerateFiles(root, "function.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var functionName = Path.GetFileName(Path.GetDirectoryName(file)!);
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                if (!document.RootElement.TryGetProperty("bindings", out var bindings) || bindings.ValueKind != JsonValueKind.Array) continue;
                if (document.RootElement.TryGetProperty("disabled", out var disabled) && disabled.ValueKind == JsonValueKind.True) continue;

                foreach (var binding in bindings.EnumerateArray())
                {
                    var type = Text(binding, "type");
                    if (string.Equals(type, "blobTrigger", StringComparison.OrdinalIgnoreCase))
                    {
                        var path = Text(binding, "path");
                        var slash = path?.IndexOf('/') ?? -1;
                        if (path is null || slash <= 0) { problems.Add($"{functionName}: blobTrigger needs \"path\": \"<container>/{{name}}\"."); continue; }
                        blobs.Add(new BlobTriggerDefinition(functionName, Text(binding, "name") ?? "blob", Substitute(path[..slash], configuration, problems, functionName), Text(binding, "source") ?? "LogsAndContainerScan"));
                    }
                    else if (string.Equals(type, "timerTrigger", StringComparison.OrdinalIgnoreCase))
                    {
                        var schedule = Text(binding, "schedule");
                        if (schedule is null) { problems.Add($"{functionName}: timerTrigger needs a \"schedule\"."); continue; }
                        timers.Add(new TimerTriggerDefinition(functionName, Text(binding, "name") ?? "timer",
                            Substitute(schedule, configuration, problems, functionName),
                            binding.TryGetProperty("runOnStartup", out var run) && run.ValueKind == JsonValueKind.True));
                    }
                }
            }
            catch (Exception e) when (e is JsonException or IOException)
            {
                problems.Add($"{functionName}: {file} could not be read ({e.Message}).");
            }
        }
        return new FunctionDefinitions(blobs, timers, problems);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Substitute(string value, IConfiguration configuration, List<string> problems, string functionName) =>
        Regex.Replace(value, "%([^%]+)%", match =>
        {
            var setting = configuration[match.Groups[1].Value] ?? configuration[match.Groups[1].Value.Replace("__", ":", StringComparison.Ordinal)];
            if (setting is null) problems.Add($"{functionName}: app setting '{match.Groups[1].Value}' used in function.json is not set.");
            return setting ?? match.Value;
        });
}
