using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Callaro.Functions.Settings;
using Callaro.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Callaro.Functions.Tests.Settings;

public sealed class SettingsApiTests
{
    private static (CallaroApplication App, string Prefix) Create()
    {
        var wiredByProgram = false;
        var app = new CallaroApplication().WithServices(services =>
        {
            wiredByProgram = services.Any(d => d.ServiceType == typeof(Callaro.Core.Settings.CampaignSettingsStore));
            services.AddSettingsServices();
        });
        app.WithTestEndpoints(endpoints =>
        {
            if (!wiredByProgram)
            {
                endpoints.MapSettings();
            }
        });
        app.Start();
        return (app, wiredByProgram ? "" : "/test-only");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task AnAdminSetsACampaignAndAReaderSeesIt()
    {
        var (app, prefix) = Create();
        using var owned = app;
        var put = await app.CreateAdminClient().PutAsync($"{prefix}/api/campaigns/sales",
            Json("""{"transcriptionEnabled":true,"expectedFields":["budget"],"sourceOfTruth":{"stage":"crm"},"transcriptGraceMinutes":240}"""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var read = await app.CreateReaderClient().GetFromJsonAsync<JsonElement>($"{prefix}/api/campaigns/sales");
        Assert.True(read.GetProperty("configured").GetBoolean());
        Assert.True(read.GetProperty("transcriptionEnabled").GetBoolean());
        Assert.Equal(240, read.GetProperty("transcriptGraceMinutes").GetInt32());
        Assert.Equal("crm", read.GetProperty("sourceOfTruth").GetProperty("stage").GetString());

        var unknown = await app.CreateReaderClient().GetFromJsonAsync<JsonElement>($"{prefix}/api/campaigns/never-set");
        Assert.False(unknown.GetProperty("configured").GetBoolean());
    }

    [Theory]
    [InlineData("""{"recordingEnabld":true}""", "recordingEnabld")]
    [InlineData("""{"crmGraceMinutes":-1}""", "crmGraceMinutes")]
    public async Task InvalidCampaignSettingsAreRejectedAndNothingChanges(string body, string field)
    {
        var (app, prefix) = Create();
        using var owned = app;
        var response = await app.CreateAdminClient().PutAsync($"{prefix}/api/campaigns/sales", Json(body));
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.Body.GetProperty("errors").TryGetProperty(field, out _));
        var read = await app.CreateReaderClient().GetFromJsonAsync<JsonElement>($"{prefix}/api/campaigns/sales");
        Assert.False(read.GetProperty("configured").GetBoolean());
    }

    [Fact]
    public async Task AReaderMayNotChangeSettings()
    {
        var (app, prefix) = Create();
        using var owned = app;
        await ProblemAssert.IsProblemAsync(await app.CreateReaderClient().PutAsync($"{prefix}/api/campaigns/sales", Json("{}")), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await app.CreateReaderClient().PutAsync($"{prefix}/api/workspace", Json("{}")), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TheWorkspaceTimeZoneIsValidated()
    {
        var (app, prefix) = Create();
        using var owned = app;
        var bad = await app.CreateAdminClient().PutAsync($"{prefix}/api/workspace", Json("""{"reportingTimeZone":"Mars/Olympus"}"""));
        var problem = await ProblemAssert.IsProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.True(problem.Body.GetProperty("errors").TryGetProperty("reportingTimeZone", out _));

        var good = await app.CreateAdminClient().PutAsync($"{prefix}/api/workspace", Json("""{"reportingTimeZone":"Pacific/Auckland"}"""));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var read = await app.CreateReaderClient().GetFromJsonAsync<JsonElement>($"{prefix}/api/workspace");
        Assert.Equal("Pacific/Auckland", read.GetProperty("reportingTimeZone").GetString());
    }
}
