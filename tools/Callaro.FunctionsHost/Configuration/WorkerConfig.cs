using System.Text.Json;

namespace Callaro.FunctionsHost.Configuration;

/// <summary>worker.config.json's <c>description</c>: how the Functions host starts this worker.</summary>
internal sealed record WorkerConfig(string ExecutablePath, string WorkerPath, IReadOnlyList<string> Arguments, string Language)
{
    /// <exception cref="InvalidOperationException">The folder is not a worker build output.</exception>
    public static WorkerConfig Load(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "worker.config.json");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{appDirectory} has no worker.config.json: point --app at an isolated-worker build output (bin/<configuration>/<framework>).");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (!document.RootElement.TryGetProperty("description", out var description))
        {
            throw new InvalidOperationException($"{path} has no \"description\" section.");
        }

        var executable = Text(description, "defaultExecutablePath") ?? throw new InvalidOperationException(
            $"{path} does not say how to start the worker (description.defaultExecutablePath).");
        var workerPath = Text(description, "defaultWorkerPath") ?? "";
        var arguments = description.TryGetProperty("arguments", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(a => a.GetString() ?? "").ToList()
            : [];
        return new WorkerConfig(
            ResolvePath(appDirectory, executable),
            workerPath.Length == 0 ? "" : ResolvePath(appDirectory, workerPath),
            arguments,
            Text(description, "language") ?? "dotnet-isolated");
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // The host resolves relative paths against the worker directory; a bare command such as "dotnet" is found on PATH.
    private static string ResolvePath(string appDirectory, string path)
    {
        var candidate = Path.Combine(appDirectory, path);
        return Path.IsPathRooted(path) || File.Exists(candidate) ? Path.GetFullPath(candidate) : path;
    }
}
