using Callaro.FunctionsHost.Configuration;

namespace Callaro.FunctionsHost.Tests;

public sealed class AppSettingsTests : IDisposable
{
    private readonly string _app = Directory.CreateTempSubdirectory("host-settings-").FullName;
    private readonly string _fromEnvironment = $"HOST_TEST_{Guid.NewGuid():N}";

    public AppSettingsTests()
    {
        File.WriteAllText(Path.Combine(_app, "local.settings.json"), $$"""
            {
              "IsEncrypted": false,
              "Values": {
                "{{_fromEnvironment}}": "from local.settings.json",
                "OnlyLocal": "local value",
                "Explicit": "from local.settings.json",
                "Schedule": "0 */5 * * * *"
              }
            }
            """);
        Environment.SetEnvironmentVariable(_fromEnvironment, "from the environment");
    }

    [Fact]
    public void TheEnvironmentWinsOverLocalSettingsAndExplicitSettingsWinOverBoth()
    {
        var settings = AppSettings.Load(_app, new Dictionary<string, string?> { ["Explicit"] = "explicit" });

        Assert.Equal("from the environment", settings[_fromEnvironment]);
        Assert.Equal("local value", settings["OnlyLocal"]);
        Assert.Equal("explicit", settings["Explicit"]);
        // The worker inherits the environment, so only what the environment lacks is passed on.
        Assert.False(settings.ForWorker.ContainsKey(_fromEnvironment));
        Assert.Equal("local value", settings.ForWorker["OnlyLocal"]);
    }

    [Fact]
    public void BindingExpressionsResolveAppSettingsAndNameAMissingOne()
    {
        var settings = AppSettings.Load(_app, new Dictionary<string, string?>());

        Assert.Equal("0 */5 * * * *", settings.Resolve("%Schedule%"));
        var error = Assert.Throws<InvalidOperationException>(() => settings.Resolve("%Missing%/{name}"));
        Assert.Contains("'Missing'", error.Message);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_fromEnvironment, null);
        Directory.Delete(_app, recursive: true);
    }
}
