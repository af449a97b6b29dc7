using Callaro.Functions.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Callaro.Functions.Tests.Webhooks;

public class WebhookOptionsTests
{
    private static WebhookOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddWebhooks(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<WebhookOptions>>().Value;
    }

    [Fact]
    public void ProviderAccountsMapToWorkspacesAndUnmappedOnesToDefault()
    {
        var options = Bind(new()
        {
            ["Callaro:Webhooks:SigningSecret"] = "s",
            ["Callaro:Twilio:Workspaces:AC123"] = "acme",
            ["Callaro:Vonage:Workspaces:app-1"] = "globex",
        });

        Assert.Equal("acme", options.Twilio.WorkspaceOf("AC123"));
        Assert.Equal("default", options.Twilio.WorkspaceOf("AC999"));
        Assert.Equal("default", options.Twilio.WorkspaceOf(null));
        Assert.Equal("globex", options.Vonage.WorkspaceOf("app-1"));
    }

    [Fact]
    public void AMissingSigningSecretFailsLoudlyNamingTheSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind([]));

        Assert.Contains("Callaro__Webhooks__SigningSecret", error.Message);
    }

    [Fact]
    public void AMalformedPublicBaseUrlFailsLoudly()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new()
        {
            ["Callaro:Webhooks:SigningSecret"] = "s",
            ["Callaro:PublicBaseUrl"] = "calls.example.com",
        }));

        Assert.Contains("Callaro__PublicBaseUrl", error.Message);
    }
}
