using Callaro.Functions.Hosting;
using Callaro.Functions.Tests.Infrastructure;

namespace Callaro.Functions.Tests.Hosting;

/// <summary>
/// ASP.NET Core's and the Azure SDK's per-request Information logs are off by default (they cost a third of the
/// CPU per webhook, and the SDK's fill the console with every storage request's headers).
/// </summary>
public sealed class RequestLoggingTests
{
    private const string RequestLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    [Fact]
    public async Task EveryRequestIsNotLoggedByDefault()
    {
        using var app = new CallaroApplication();

        await app.CreateAnonymousClient().GetAsync("/api/health");

        Assert.DoesNotContain(app.Logs, line => line.Contains(RequestLogCategory));
    }

    [Fact]
    public async Task RequestLogsComeBackWhenTheLogLevelSettingAsksForThem()
    {
        using var app = new CallaroApplication().WithSetting($"Logging:LogLevel:{CallaroFunctionsApp.AspNetCoreCategory}", "Information");

        await app.CreateAnonymousClient().GetAsync("/api/health");

        Assert.Contains(app.Logs, line => line.Contains(RequestLogCategory) && line.Contains("/api/health"));
    }

    [Fact]
    public async Task StorageRequestsAreNotLoggedByDefault()
    {
        using var app = new CallaroApplication();

        await app.CreateAnonymousClient().GetAsync("/api/health");

        Assert.DoesNotContain(app.Logs, line => line.Contains($"Information {CallaroFunctionsApp.AzureSdkCategory}"));
    }

    [Fact]
    public async Task StorageRequestLogsComeBackWhenTheLogLevelSettingAsksForThem()
    {
        using var app = new CallaroApplication().WithSetting($"Logging:LogLevel:{CallaroFunctionsApp.AzureSdkCategory}", "Information");

        await app.CreateAnonymousClient().GetAsync("/api/health");

        Assert.Contains(app.Logs, line => line.Contains($"Information {CallaroFunctionsApp.AzureSdkCategory}"));
    }
}
