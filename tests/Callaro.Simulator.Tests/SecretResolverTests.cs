using Callaro.Simulator.Configuration;

namespace Callaro.Simulator.Tests;

public sealed class SecretResolverTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("callaro-sim-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void OptionsBeatEnvironmentWhichBeatsLocalSettings()
    {
        File.WriteAllText(Path.Combine(_directory, "local.settings.json"), """
            { "IsEncrypted": false, "Values": {
                "Callaro__Webhooks__SigningSecret": "from-file",
                "Callaro__Twilio__AuthToken": "token-from-file",
                "Callaro:Vonage:SignatureSecret": "vonage-from-file",
                "Callaro__PublicBaseUrl": "https://public.example.org" } }
            """);
        var nested = Directory.CreateDirectory(Path.Combine(_directory, "tools", "sim")).FullName;
        var environment = new Dictionary<string, string> { ["Callaro__Twilio__AuthToken"] = "token-from-env", ["CALLARO_READER_KEY"] = "reader" };

        var secrets = SecretResolver.Resolve(new SimulatorSecrets("from-option", null, null, null, null, null), environment.GetValueOrDefault, null, nested);

        Assert.Equal("from-option", secrets.CallaroSigningSecret);
        Assert.Equal("token-from-env", secrets.TwilioAuthToken);
        Assert.Equal("vonage-from-file", secrets.VonageSignatureSecret);
        Assert.Equal("https://public.example.org", secrets.PublicBaseUrl);
        Assert.Equal("reader", secrets.ReaderKey);
        Assert.Equal(Path.Combine(_directory, "local.settings.json"), secrets.SettingsFile);
    }

    [Fact]
    public void ABrokenSettingsFileIsNamedInTheError()
    {
        var path = Path.Combine(_directory, "local.settings.json");
        File.WriteAllText(path, "{ not json");

        var error = Assert.Throws<InvalidDataException>(() => SecretResolver.ReadValues(path));

        Assert.Contains(path, error.Message);
    }
}
