using System.Net;
using System.Text.Json;
using Callaro.Functions.Tests.Infrastructure;

namespace Callaro.Functions.Tests.Health;

public sealed class HealthTests
{
    [Fact]
    public async Task HealthyStorageAnswers200WithBothServicesReachable()
    {
        using var app = new CallaroApplication();

        var response = await app.CreateAnonymousClient().GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("reachable", body.RootElement.GetProperty("tables").GetString());
        Assert.Equal("reachable", body.RootElement.GetProperty("blobs").GetString());
    }

    [Fact]
    public async Task UnreachableStorageAnswers503NamingWhatIsUnreachableWithoutSecrets()
    {
        using var app = new CallaroApplication()
            .WithSetting("Callaro:Storage:ConnectionString", Azurite.ConnectionStringToClosedPort())
            .WithoutProvisioning();

        var response = await app.CreateAnonymousClient().GetAsync("/api/health");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("Table storage is unreachable", problem.Detail);
        Assert.Contains("Blob storage is unreachable", problem.Detail);
        Assert.Contains("Callaro__Storage__ConnectionString", problem.Detail);
        Assert.Equal("unreachable", problem.Extension("tables"));
        Assert.Equal("unreachable", problem.Extension("blobs"));
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.DoesNotContain(Azurite.DevelopmentAccountKey, problem.Raw);
        Assert.DoesNotContain("devstoreaccount1", problem.Raw);
        Assert.DoesNotContain(CallaroApplication.TwilioAuthToken, problem.Raw);
    }
}
