using System.Text.Json.Nodes;

namespace Callaro.Deployment.Tests;

/// <summary>infra/main.bicep compiled and linted once for all template tests.</summary>
public sealed class CompiledTemplate : IAsyncLifetime
{
    public const string Source = "infra/main.bicep";

    private JsonObject? _template;

    public int BuildExitCode { get; private set; }

    public string BuildDiagnostics { get; private set; } = "";

    public int LintExitCode { get; private set; }

    public string LintDiagnostics { get; private set; } = "";

    public JsonObject Template => _template ?? throw new InvalidOperationException($"{Source} did not compile: {BuildDiagnostics}");

    public async Task InitializeAsync()
    {
        var building = Bicep.RunAsync("build", Source, "--stdout");
        var linting = Bicep.RunAsync("lint", Source);
        var (build, lint) = (await building, await linting);

        (BuildExitCode, BuildDiagnostics) = (build.ExitCode, build.Diagnostics);
        if (build.ExitCode == 0)
        {
            _template = JsonNode.Parse(build.Output)!.AsObject();
        }

        (LintExitCode, LintDiagnostics) = (lint.ExitCode, (lint.Output + lint.Diagnostics).Trim());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The nested deployment that creates the function app (Microsoft.Web/sites).</summary>
    public JsonObject FunctionAppDeployment =>
        Resources(Template).Single(r => Type(r) == "Microsoft.Resources/deployments"
            && Resources(InnerTemplate(r)).Any(inner => Type(inner) == "Microsoft.Web/sites" && !IsExisting(inner)));

    /// <summary>The nested deployment of the call log's storage account (infra/modules/storage.bicep).</summary>
    public JsonObject CallLogStorageDeployment =>
        Resources(Template).Single(r => Type(r) == "Microsoft.Resources/deployments" && r["name"]!.ToString() == "callLogStorage");

    /// <summary>The function app resource inside <see cref="FunctionAppDeployment"/>.</summary>
    public JsonObject FunctionApp => Resources(InnerTemplate(FunctionAppDeployment)).Single(r => Type(r) == "Microsoft.Web/sites" && !IsExisting(r));

    /// <summary>The one <c>appsettings</c> resource: a deployment replaces every app setting with its properties.</summary>
    public JsonObject AppSettingsResource => Resources(InnerTemplate(FunctionAppDeployment))
        .Single(r => Type(r) == "Microsoft.Web/sites/config" && r["name"]!.ToString().Contains("'appsettings'", StringComparison.Ordinal));

    /// <summary>The app settings the template passes by name, with their value expressions.</summary>
    public IReadOnlyDictionary<string, string> AppSettings =>
        FunctionAppDeployment["properties"]!["parameters"]!["appSettings"]!["value"]!.AsObject()
            .ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal);

    public IEnumerable<string> SecureParameterNames => Template["parameters"]!.AsObject()
        .Where(p => p.Value!["type"]!.ToString() is "securestring" or "secureObject")
        .Select(p => p.Key);

    public static IEnumerable<JsonObject> Resources(JsonObject template) => template["resources"] switch
    {
        JsonArray list => list.Select(r => r!.AsObject()),
        JsonObject bySymbolicName => bySymbolicName.Select(p => p.Value!.AsObject()),
        _ => [],
    };

    public static JsonObject InnerTemplate(JsonObject deployment) => deployment["properties"]!["template"]!.AsObject();

    private static string Type(JsonObject resource) => resource["type"]!.ToString();

    private static bool IsExisting(JsonObject resource) => resource["existing"]?.GetValue<bool>() == true;
}
