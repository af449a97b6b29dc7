using Callaro.Functions.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Callaro.Functions.Tests.Webhooks;

public class ProviderWorkspaceOptionsTests
{
    [Fact]
    public void ProviderAccountsMapToWorkspacesAndUnmappedOnesToDefault()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Callaro:Twilio:Workspaces:AC123"] = "acme",
            ["Callaro:Vonage:Workspaces:app-1"] = "globex",
        }).Build();

        var options = new ServiceCollection().AddWebhooks(configuration).BuildServiceProvider()
            .GetRequiredService<IOptions<ProviderWorkspaceOptions>>().Value;

        Assert.Equal("acme", options.Twilio.WorkspaceOf("AC123"));
        Assert.Equal("default", options.Twilio.WorkspaceOf("AC999"));
        Assert.Equal("default", options.Twilio.WorkspaceOf(null));
        Assert.Equal("globex", options.Vonage.WorkspaceOf("app-1"));
        Assert.Equal("default", options.Vonage.WorkspaceOf("AC123"));
    }
}
