using Callaro.Functions.Configuration;
using Microsoft.AspNetCore.Builder;

namespace Callaro.Functions.Tests.Configuration;

public sealed class LocalSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("callaro-settings-").FullName;
    // A name no other test uses, so setting it in the process environment cannot disturb parallel tests.
    private readonly string _name = "CallaroTest" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public void ValuesFromLocalSettingsBecomeConfigurationWithDoubleUnderscoreAsSection()
    {
        WriteLocalSettings($$"""{ "IsEncrypted": false, "Values": { "{{_name}}__Twilio__AuthToken": "from-file", "{{_name}}__Port": 7 } }""");

        var configuration = BuildWithLocalSettings();

        Assert.Equal("from-file", configuration[$"{_name}:Twilio:AuthToken"]);
        Assert.Equal("7", configuration[$"{_name}:Port"]);
    }

    [Fact]
    public void EnvironmentVariablesWinOverLocalSettings()
    {
        WriteLocalSettings($$"""{ "Values": { "{{_name}}__Secret": "from-file" } }""");
        Environment.SetEnvironmentVariable($"{_name}__Secret", "from-environment");
        try
        {
            var configuration = BuildWithLocalSettings();

            Assert.Equal("from-environment", configuration[$"{_name}:Secret"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"{_name}__Secret", null);
        }
    }

    [Fact]
    public void SectionsOtherThanValuesAreIgnoredLikeTheHostDoes()
    {
        WriteLocalSettings($$"""{ "Values": {}, "Host": { "{{_name}}": "x" }, "ConnectionStrings": { "{{_name}}": "y" } }""");

        var configuration = BuildWithLocalSettings();

        Assert.Null(configuration[_name]);
        Assert.Null(configuration[$"Host:{_name}"]);
    }

    [Fact]
    public void BrokenLocalSettingsFileIsReportedByName()
    {
        WriteLocalSettings("{ not json");

        var exception = Assert.ThrowsAny<Exception>(BuildWithLocalSettings);

        Assert.Contains("local.settings.json is not valid JSON", exception.Message + exception.InnerException?.Message);
    }

    private IConfiguration BuildWithLocalSettings()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _folder });
        builder.AddLocalSettingsWhenRunWithoutHost();
        return builder.Configuration;
    }

    private void WriteLocalSettings(string json) => File.WriteAllText(Path.Combine(_folder, "local.settings.json"), json);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
