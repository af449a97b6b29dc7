using System.Globalization;
using System.Net;
using System.Text;
using Callaro.Functions.Hosting;
using Callaro.Functions.Tests.Infrastructure;
using Callaro.Functions.Webhooks.Signatures;

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

    [Fact]
    public async Task AnExpectedStorageConflictIsNotLoggedAsAWarning()
    {
        using var app = new CallaroApplication();
        var client = app.CreateAnonymousClient();
        var body = $$"""{"id":"dup-1","type":"call.ringing","occurredAt":"{{DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}}","callId":"call-dup","direction":"incoming","caller":"+4930111222","callee":"+4930222333"}""";

        // The second delivery is a duplicate: storage answers 409 to its insert, which the app expects.
        for (var i = 0; i < 2; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/callaro") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add(CallaroSignatureVerifier.HeaderName,
                CallaroSignatureVerifier.CreateHeader(CallaroApplication.WebhookSigningSecret, DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(body)));
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        }

        Assert.DoesNotContain(app.Logs, line => line.StartsWith($"Warning {CallaroFunctionsApp.AzureSdkCategory}", StringComparison.Ordinal));
    }
}
