using System.Text.Json;
using System.Text.RegularExpressions;
using Callaro.Functions.Tests.Infrastructure;

namespace Callaro.Functions.Tests.Contract;

/// <summary>The function.json folders under src/Callaro.Functions/Functions, read as the Functions host reads them.</summary>
public static partial class FunctionDefinitions
{
    public sealed record Function(string Name, string TriggerType, string? Route, IReadOnlyList<string>? Methods)
    {
        public bool IsHttp => TriggerType == "httpTrigger";

        /// <summary>The path the host forwards to the app: <c>api/{route}</c> for HTTP, <c>{Name}</c> for other triggers.</summary>
        public string AppPath => IsHttp ? "api/" + (Route ?? Name) : Name;

        public IReadOnlyList<string> AppMethods => IsHttp ? Methods ?? [] : ["POST"];
    }

    public static IReadOnlyList<Function> All() =>
        Directory.GetDirectories(RepositoryPaths.FunctionFolders).Order().Select(Read).ToList();

    private static Function Read(string folder)
    {
        var name = Path.GetFileName(folder);
        var file = Path.Combine(folder, "function.json");
        Assert.True(File.Exists(file), $"Functions/{name} has no function.json; every folder there is one function.");
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        var triggers = document.RootElement.GetProperty("bindings").EnumerateArray()
            .Where(b => b.GetProperty("direction").GetString() == "in" && b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal))
            .ToList();
        Assert.True(triggers.Count == 1, $"Functions/{name}/function.json must have exactly one trigger binding; it has {triggers.Count}.");
        var trigger = triggers[0];
        var route = trigger.TryGetProperty("route", out var r) ? r.GetString() : null;
        var methods = trigger.TryGetProperty("methods", out var m) ? m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant()).ToList() : null;
        return new Function(name, trigger.GetProperty("type").GetString()!, route, methods);
    }

    /// <summary>Route parameters compare by position only: <c>{id}</c>, <c>{id:guid}</c> and <c>{id?}</c> are the same slot.</summary>
    public static string Normalize(string path) =>
        Parameter().Replace(path.Trim('/'), "{}").ToLowerInvariant();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
