using Callaro.Core;

namespace Callaro.Deployment.Tests;

public sealed class TemplateTests(CompiledTemplate compiled) : IClassFixture<CompiledTemplate>
{
    // The Flex Consumption plan refuses these as app settings (the plan's own properties replace them).
    private static readonly string[] SettingsFlexConsumptionRejects =
    [
        "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_WORKER_RUNTIME_VERSION", "FUNCTIONS_EXTENSION_VERSION", "FUNCTIONS_MAX_HTTP_CONCURRENCY",
        "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTSHARE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_NODE_DEFAULT_VERSION",
        "WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT", "WEBSITE_SKIP_CONTENTSHARE_VALIDATION", "SCM_DO_BUILD_DURING_DEPLOYMENT",
        "ENABLE_ORYX_BUILD",
    ];

    [Fact]
    public void TemplateBuildsWithoutWarnings()
    {
        Assert.True(compiled.BuildExitCode == 0 && compiled.BuildDiagnostics.Length == 0,
            $"bicep build {CompiledTemplate.Source} exited {compiled.BuildExitCode} with:\n{compiled.BuildDiagnostics}");
    }

    [Fact]
    public void TemplateLintsClean()
    {
        Assert.True(compiled.LintExitCode == 0 && compiled.LintDiagnostics.Length == 0,
            $"bicep lint {CompiledTemplate.Source} exited {compiled.LintExitCode} with:\n{compiled.LintDiagnostics}");
    }

    [Fact]
    public void TemplateSetsEverySettingTheAppRequires()
    {
        var required = AppRequirements.RequiredSettings();
        Assert.Contains("Callaro__PublicBaseUrl", required); // the README table was read at all

        var missing = required.Where(setting => !IsCovered(setting)).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0,
            $"The app requires settings that {CompiledTemplate.Source} does not set: {string.Join(", ", missing)}. "
            + "Add them to the function app's appSettings in main.bicep.");
    }

    [Fact]
    public void AppRunsOnTheIsolatedWorkerOfDotNet10()
    {
        var runtime = compiled.FunctionApp["properties"]!["functionAppConfig"]!["runtime"]!;

        Assert.Equal("dotnet-isolated", runtime["name"]!.ToString());
        Assert.Equal("10.0", runtime["version"]!.ToString());
    }

    [Fact]
    public void TemplateSetsNoSettingTheFlexConsumptionPlanRejects()
    {
        Assert.Empty(compiled.AppSettings.Keys.Intersect(SettingsFlexConsumptionRejects, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void EveryAppSettingComesFromTheOneAppSettingsResource()
    {
        // Settings passed by name only count if the resource that writes them takes them all.
        Assert.StartsWith("[union(parameters('appSettings')", compiled.AppSettingsResource["properties"]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SecretsReachTheAppOnlyAsKeyVaultReferences()
    {
        var secureParameters = compiled.SecureParameterNames.ToList();
        Assert.NotEmpty(secureParameters);

        foreach (var (name, value) in compiled.AppSettings)
        {
            Assert.DoesNotContain(secureParameters, parameter => value.Contains($"parameters('{parameter}')", StringComparison.Ordinal));
            if (name.EndsWith("Secret", StringComparison.Ordinal) || name.EndsWith("Token", StringComparison.Ordinal) || name.EndsWith("CursorKey", StringComparison.Ordinal))
            {
                Assert.True(value.Contains("keyVaultReference(", StringComparison.Ordinal), $"{name} should be a Key Vault reference, but is {value}");
            }
        }
    }

    [Fact]
    public void EventGridSubscriptionsFireEveryBlobTriggerOfTheApp()
    {
        var subscribed = compiled.Template["variables"]!["blobTriggers"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var appTriggers = AppRequirements.BlobTriggerFunctions();

        Assert.NotEmpty(appTriggers);
        Assert.Equal(appTriggers.Order(StringComparer.Ordinal), subscribed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DeploymentCreatesEveryTableAndContainerTheAppUsesWithItsNamePrefix()
    {
        // The app provisions nothing when it starts: whatever it uses and the deployment does not create answers 503.
        var unprefixed = new StorageNames();
        var storage = compiled.CallLogStorageDeployment;
        var created = CompiledTemplate.Resources(CompiledTemplate.InnerTemplate(storage)).Select(r => r["type"]!.ToString()).ToList();

        Assert.Equal(unprefixed.Tables.Order(StringComparer.Ordinal), Names("callLogTables").Order(StringComparer.Ordinal));
        Assert.Equal(unprefixed.Containers.Order(StringComparer.Ordinal), Names("callLogContainers").Order(StringComparer.Ordinal));
        Assert.Equal("[map(variables('callLogTables'), lambda('table', format('{0}{1}', parameters('namePrefix'), lambdaVariables('table'))))]",
            storage["properties"]!["parameters"]!["tables"]!["value"]!.ToString());
        Assert.Equal("[map(variables('callLogContainers'), lambda('container', format('{0}{1}', parameters('namePrefix'), lambdaVariables('container'))))]",
            storage["properties"]!["parameters"]!["containers"]!["value"]!.ToString());
        Assert.Contains("Microsoft.Storage/storageAccounts/tableServices/tables", created);
        Assert.Contains("Microsoft.Storage/storageAccounts/blobServices/containers", created);
        Assert.Equal("[parameters('namePrefix')]", compiled.AppSettings["Callaro__Storage__NamePrefix"]);
    }

    private IEnumerable<string> Names(string variable) =>
        compiled.Template["variables"]![variable]!.AsArray().Select(name => name!.ToString());

    [Fact]
    public void TelemetryIsPublishedOnlyWithTheAppsIdentity()
    {
        const string monitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
        var monitoring = CompiledTemplate.Resources(compiled.Template)
            .Single(r => r["type"]!.ToString() == "Microsoft.Resources/deployments"
                && CompiledTemplate.Resources(CompiledTemplate.InnerTemplate(r)).Any(inner => inner["type"]!.ToString() == "Microsoft.Insights/components"));
        var inner = CompiledTemplate.Resources(CompiledTemplate.InnerTemplate(monitoring)).ToList();
        var appInsights = inner.Single(r => r["type"]!.ToString() == "Microsoft.Insights/components");
        var publisher = inner.Single(r => r["type"]!.ToString() == "Microsoft.Authorization/roleAssignments");

        Assert.True(appInsights["properties"]!["DisableLocalAuth"]!.GetValue<bool>(), "Application Insights must refuse its key");
        Assert.Contains(monitoringMetricsPublisher, CompiledTemplate.InnerTemplate(monitoring)["variables"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("[parameters('principalId')]", publisher["properties"]!["principalId"]!.ToString());
        Assert.Equal("[reference('identity').principalId]", monitoring["properties"]!["parameters"]!["principalId"]!["value"]!.ToString());
        Assert.Equal("[reference('monitoring').outputs.connectionString.value]", compiled.AppSettings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        // The app's exporter and the Functions host both read the identity from this one setting.
        Assert.Equal("[format('ClientId={0};Authorization=AAD', reference('identity').clientId)]", compiled.AppSettings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    }

    /// <summary>
    /// Set by name; a connection (<c>AzureWebJobsStorage</c>, <c>CallaroStorage</c>) also by its identity-based
    /// form <c>Name__serviceUri</c>...; the worker runtime by the Flex Consumption plan's runtime property.
    /// </summary>
    private bool IsCovered(string setting) =>
        compiled.AppSettings.ContainsKey(setting)
        || compiled.AppSettings.Keys.Any(name => name.StartsWith(setting + "__", StringComparison.Ordinal) && name.EndsWith("ServiceUri", StringComparison.Ordinal))
        || (setting == "FUNCTIONS_WORKER_RUNTIME" && compiled.FunctionApp["properties"]?["functionAppConfig"]?["runtime"]?["name"] is not null);
}
