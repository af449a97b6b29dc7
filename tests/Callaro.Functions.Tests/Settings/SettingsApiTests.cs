using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Callaro.Core.Settings;
using Callaro.Core.Workspaces;
using Callaro.Functions.Tests.Infrastructure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace Callaro.Functions.Tests.Settings;

public sealed class SettingsApiTests
{
    private const string SalesBody = """
        {"loggingEnabled":true,"recordingEnabled":true,"transcriptionEnabled":true,"crmConnected":true,
         "expectedFields":["budget","nextStep"],"sourceOfTruth":{"stage":"crm","budget":"callaro"},
         "reportGraceMinutes":5,"recordingGraceMinutes":0,"transcriptGraceMinutes":240,"crmGraceMinutes":60}
        """;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    // Settings reads need a workspace that exists: an admin's workspace settings make it so.
    private static async Task KnownAsync(SettingsHost host, string workspace = "default") =>
        await ReadAsync(await host.Admin().PutAsync($"api/workspace?workspace={workspace}", Json("{}")), HttpStatusCode.OK);

    [Fact]
    public async Task ACampaignNobodyConfiguredShowsTheDefaults()
    {
        await using var host = await SettingsHost.StartAsync();
        await KnownAsync(host);
        var body = await ReadAsync(await host.Reader().GetAsync("api/campaigns/sales"), HttpStatusCode.OK);

        Assert.Equal("default", body.GetProperty("workspaceId").GetString());
        Assert.Equal("sales", body.GetProperty("campaignId").GetString());
        Assert.False(body.GetProperty("configured").GetBoolean());
        Assert.True(body.GetProperty("loggingEnabled").GetBoolean());
        Assert.False(body.GetProperty("recordingEnabled").GetBoolean());
        Assert.Equal(30, body.GetProperty("transcriptGraceMinutes").GetInt32());
        Assert.Equal(15, body.GetProperty("recordingGraceMinutes").GetInt32());
    }

    [Fact]
    public async Task CampaignSettingsAnAdminStoresAreWhatAReaderSees()
    {
        await using var host = await SettingsHost.StartAsync();
        var put = await ReadAsync(await host.Admin().PutAsync("api/campaigns/sales", Json(SalesBody)), HttpStatusCode.OK);
        var get = await ReadAsync(await host.Reader().GetAsync("api/campaigns/sales"), HttpStatusCode.OK);

        Assert.Equal(put.ToString(), get.ToString());
        Assert.True(get.GetProperty("configured").GetBoolean());
        Assert.Equal(["budget", "nextStep"], get.GetProperty("expectedFields").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("crm", get.GetProperty("sourceOfTruth").GetProperty("stage").GetString());
        Assert.Equal(240, get.GetProperty("transcriptGraceMinutes").GetInt32());
        Assert.Equal(0, get.GetProperty("recordingGraceMinutes").GetInt32());

        var stored = await new CampaignSettingsStore(host.Tables, host.Names).GetAsync("default", "sales");
        Assert.Equal(FieldOwner.Crm, stored.OwnerOf("stage"));
        Assert.Equal(TimeSpan.FromHours(4), stored.TranscriptGrace);
    }

    [Fact]
    public async Task SettingsLeftOutOfAPutTakeTheirDefaults()
    {
        await using var host = await SettingsHost.StartAsync();
        await ReadAsync(await host.Admin().PutAsync("api/campaigns/sales", Json(SalesBody)), HttpStatusCode.OK);
        await ReadAsync(await host.Admin().PutAsync("api/campaigns/sales", Json("""{"transcriptionEnabled":true}""")), HttpStatusCode.OK);

        var stored = await new CampaignSettingsStore(host.Tables, host.Names).GetAsync("default", "sales");
        Assert.Equal(CampaignSettings.Default with { TranscriptionEnabled = true }, stored);
    }

    [Fact]
    public async Task CampaignsAreKeptPerWorkspace()
    {
        await using var host = await SettingsHost.StartAsync();
        await ReadAsync(await host.Admin().PutAsync("api/campaigns/sales?workspace=other", Json(SalesBody)), HttpStatusCode.OK);
        await KnownAsync(host);

        Assert.True((await ReadAsync(await host.OtherWorkspaceReader().GetAsync("api/campaigns/sales?workspace=other"), HttpStatusCode.OK)).GetProperty("configured").GetBoolean());
        Assert.False((await ReadAsync(await host.Reader().GetAsync("api/campaigns/sales"), HttpStatusCode.OK)).GetProperty("configured").GetBoolean());
    }

    [Theory]
    [InlineData("""{"recordingEnabld":true}""", "recordingEnabld", "is not a setting")]
    [InlineData("""{"RecordingEnabled":true}""", "RecordingEnabled", "spelled exactly so")]
    [InlineData("""{"transcriptGraceMinutes":-5}""", "transcriptGraceMinutes", "cannot be negative")]
    [InlineData("""{"crmGraceMinutes":20000}""", "crmGraceMinutes", "at most 10080")]
    [InlineData("""{"crmGraceMinutes":"15"}""", "crmGraceMinutes", "whole number of minutes")]
    [InlineData("""{"crmGraceMinutes":1.5}""", "crmGraceMinutes", "whole number of minutes")]
    [InlineData("""{"crmConnected":"yes"}""", "crmConnected", "true or false")]
    [InlineData("""{"sourceOfTruth":{"stage":"erp"}}""", "sourceOfTruth.stage", "'erp' is not an owner")]
    [InlineData("""{"sourceOfTruth":["stage"]}""", "sourceOfTruth", "\"callaro\" or \"crm\"")]
    [InlineData("""{"expectedFields":["budget",""]}""", "expectedFields", "cannot be empty")]
    [InlineData("""{"expectedFields":["budget","budget"]}""", "expectedFields", "listed twice")]
    [InlineData("""{"expectedFields":[1]}""", "expectedFields", "list of field names")]
    [InlineData("""{"loggingEnabled":true,"loggingEnabled":false}""", "loggingEnabled", "more than once")]
    [InlineData("""{"loggingEnabled":tru""", "body", "not valid JSON")]
    [InlineData("", "body", "not valid JSON")]
    [InlineData("""["loggingEnabled"]""", "body", "must be a JSON object")]
    public async Task ABadCampaignSettingIsA400NamingItAndNothingIsStored(string json, string field, string message)
    {
        await using var host = await SettingsHost.StartAsync();
        await ReadAsync(await host.Admin().PutAsync("api/campaigns/sales", Json(SalesBody)), HttpStatusCode.OK);

        var problem = await ReadAsync(await host.Admin().PutAsync("api/campaigns/sales", Json(json)), HttpStatusCode.BadRequest, "application/problem+json");

        Assert.Contains("Nothing was changed", problem.GetProperty("detail").GetString());
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"errors should name '{field}': {errors}");
        Assert.Contains(message, messages[0].GetString());
        var stored = await new CampaignSettingsStore(host.Tables, host.Names).GetAsync("default", "sales");
        Assert.Equal(240, stored.TranscriptGraceMinutes);
        Assert.Equal(60, stored.CrmGraceMinutes);
    }

    [Fact]
    public async Task ABadSettingOnANewCampaignLeavesItUnconfigured()
    {
        await using var host = await SettingsHost.StartAsync();
        await ReadAsync(await host.Admin().PutAsync("api/campaigns/sales", Json("""{"recordingGraceMinutes":-1}""")), HttpStatusCode.BadRequest, "application/problem+json");
        Assert.Null(await new CampaignSettingsStore(host.Tables, host.Names).FindAsync("default", "sales"));
    }

    [Fact]
    public async Task ACampaignIdThatCannotBeStoredIsA400()
    {
        await using var host = await SettingsHost.StartAsync();
        await KnownAsync(host);
        var problem = await ReadAsync(await host.Reader().GetAsync("api/campaigns/a%23b"), HttpStatusCode.BadRequest, "application/problem+json");
        Assert.Contains("cannot be a campaign id", problem.GetProperty("errors").GetProperty("campaignId")[0].GetString());
    }

    [Fact]
    public async Task WhenStorageIsUnreachableSettingsAnswer503AndAskForARetry()
    {
        // A table client aimed at the discard port: every request is refused.
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        var refused = Regex.Replace(CallaroApplication.StorageConnectionString, @"TableEndpoint=[^;]+", "TableEndpoint=http://127.0.0.1:9/devstoreaccount1");
        var unreachable = new TableClient(refused, "campaigns", options);
        await using var host = await SettingsHost.StartAsync(services => services.AddSingleton(new CampaignSettingsStore(unreachable)));
        await KnownAsync(host);

        var put = await ProblemAssert.IsProblemAsync(await host.Admin().PutAsync("api/campaigns/sales", Json(SalesBody)), HttpStatusCode.ServiceUnavailable);
        Assert.Contains("retry", put.Detail);
        await ProblemAssert.IsProblemAsync(await host.Reader().GetAsync("api/campaigns/sales"), HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task AWorkspaceWithOnlyCampaignSettingsShowsUtcAndEnUs()
    {
        await using var host = await SettingsHost.StartAsync();
        await ReadAsync(await host.Admin().PutAsync("api/campaigns/sales", Json(SalesBody)), HttpStatusCode.OK);
        var body = await ReadAsync(await host.Reader().GetAsync("api/workspace"), HttpStatusCode.OK);
        Assert.Equal("UTC", body.GetProperty("reportingTimeZone").GetString());
        Assert.Equal("en-US", body.GetProperty("defaultLocale").GetString());
    }

    [Fact]
    public async Task ReadingTheSettingsOfAnUnknownWorkspaceIsA404ButAnAdminCanCreateIt()
    {
        await using var host = await SettingsHost.StartAsync();

        var workspace = await ProblemAssert.IsProblemAsync(await host.Admin().GetAsync("api/workspace?workspace=newco"), HttpStatusCode.NotFound);
        var campaign = await ProblemAssert.IsProblemAsync(await host.Admin().GetAsync("api/campaigns/sales?workspace=newco"), HttpStatusCode.NotFound);
        await ReadAsync(await host.Admin().PutAsync("api/workspace?workspace=newco", Json("""{"operators":{"op-7":"Dana Whitfield"}}""")), HttpStatusCode.OK);
        var created = await ReadAsync(await host.Admin().GetAsync("api/workspace?workspace=newco"), HttpStatusCode.OK);

        Assert.Contains("Workspace 'newco' has never received a call or settings", workspace.Detail);
        Assert.Contains("'newco'", campaign.Detail);
        Assert.Equal("Dana Whitfield", created.GetProperty("operators").GetProperty("op-7").GetString());
        Assert.Empty(created.GetProperty("deals").EnumerateObject());
    }

    [Fact]
    public async Task NamesAnAdminGivesAreKeptAndBadOnesAreRefused()
    {
        await using var host = await SettingsHost.StartAsync();
        var put = await ReadAsync(await host.Admin().PutAsync("api/workspace", Json("""{"operators":{"op-7":"Dana Whitfield"},"deals":{"deal-1":"Acme renewal"}}""")), HttpStatusCode.OK);
        var campaign = await ReadAsync(await host.Admin().PutAsync("api/campaigns/spring", Json("""{"name":"Spring renewals"}""")), HttpStatusCode.OK);
        var blank = await ReadAsync(await host.Admin().PutAsync("api/workspace", Json("""{"operators":{"op-7":" "}}""")), HttpStatusCode.BadRequest, "application/problem+json");
        var tooMany = await ReadAsync(await host.Admin().PutAsync("api/workspace",
            Json("{\"deals\":{" + string.Join(",", Enumerable.Range(0, 201).Select(i => $"\"d{i}\":\"Deal {i}\"")) + "}}")), HttpStatusCode.BadRequest, "application/problem+json");
        var notText = await ReadAsync(await host.Admin().PutAsync("api/campaigns/spring", Json("""{"name":7}""")), HttpStatusCode.BadRequest, "application/problem+json");

        Assert.Equal("Acme renewal", put.GetProperty("deals").GetProperty("deal-1").GetString());
        Assert.Equal("Spring renewals", campaign.GetProperty("name").GetString());
        Assert.Equal("A name cannot be empty or blank.", blank.GetProperty("errors").GetProperty("operators.op-7")[0].GetString());
        Assert.Contains("at most 200 are allowed", tooMany.GetProperty("errors").GetProperty("deals")[0].GetString());
        Assert.Contains("campaign's name as a string", notText.GetProperty("errors").GetProperty("name")[0].GetString());
        var stored = await new WorkspaceSettingsStore(host.Tables, host.Names).GetAsync("default");
        Assert.Equal("Dana Whitfield", stored.Operators["op-7"]);
        Assert.Equal("Spring renewals", (await new CampaignSettingsStore(host.Tables, host.Names).GetAsync("default", "spring")).Name);
    }

    [Fact]
    public async Task WorkspaceSettingsAnAdminStoresAreWhatAReaderSees()
    {
        await using var host = await SettingsHost.StartAsync();
        await ReadAsync(await host.Admin().PutAsync("api/workspace", Json("""{"reportingTimeZone":"Europe/Berlin","defaultLocale":"de-DE"}""")), HttpStatusCode.OK);

        var body = await ReadAsync(await host.Reader().GetAsync("api/workspace"), HttpStatusCode.OK);
        Assert.Equal("Europe/Berlin", body.GetProperty("reportingTimeZone").GetString());
        Assert.Equal("de-DE", body.GetProperty("defaultLocale").GetString());
        Assert.Equal(new WorkspaceSettings("Europe/Berlin", "de-DE"), await new WorkspaceSettingsStore(host.Tables, host.Names).GetAsync("default"));
    }

    [Theory]
    [InlineData("""{"reportingTimeZone":"Mars/Olympus_Mons"}""", "reportingTimeZone", "not a known time zone")]
    [InlineData("""{"reportingTimeZone":"W. Europe Standard Time"}""", "reportingTimeZone", "use its IANA id 'Europe/Berlin'")]
    [InlineData("""{"reportingTimeZone":""}""", "reportingTimeZone", "not a known time zone")]
    [InlineData("""{"reportingTimeZone":3}""", "reportingTimeZone", "IANA time zone id as a string")]
    [InlineData("""{"defaultLocale":"xx-NOPE"}""", "defaultLocale", "not a known locale")]
    [InlineData("""{"timeZone":"Europe/Berlin"}""", "timeZone", "is not a setting")]
    [InlineData("""{"reportingTimeZone":"Europe/Berlin" """, "body", "not valid JSON")]
    public async Task ABadWorkspaceSettingIsA400NamingItAndNothingIsStored(string json, string field, string message)
    {
        await using var host = await SettingsHost.StartAsync();
        await ReadAsync(await host.Admin().PutAsync("api/workspace", Json("""{"reportingTimeZone":"America/New_York","defaultLocale":"en-GB"}""")), HttpStatusCode.OK);

        var problem = await ReadAsync(await host.Admin().PutAsync("api/workspace", Json(json)), HttpStatusCode.BadRequest, "application/problem+json");

        Assert.Contains(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal(new WorkspaceSettings("America/New_York", "en-GB"), await new WorkspaceSettingsStore(host.Tables, host.Names).GetAsync("default"));
    }

    [Fact]
    public async Task AReaderCanReadSettingsButNotChangeThem()
    {
        await using var host = await SettingsHost.StartAsync();
        await ReadAsync(await host.Admin().PutAsync("api/campaigns/other", Json(SalesBody)), HttpStatusCode.OK);
        var reader = host.Reader();

        await ReadAsync(await reader.GetAsync("api/campaigns/sales"), HttpStatusCode.OK);
        await ReadAsync(await reader.GetAsync("api/workspace"), HttpStatusCode.OK);
        var campaign = await ProblemAssert.IsProblemAsync(await reader.PutAsync("api/campaigns/sales", Json(SalesBody)), HttpStatusCode.Forbidden);
        Assert.Contains("access problem", campaign.Detail);
        await ProblemAssert.IsProblemAsync(await reader.PutAsync("api/workspace", Json("""{"reportingTimeZone":"Europe/Berlin"}""")), HttpStatusCode.Forbidden);

        Assert.Null(await new CampaignSettingsStore(host.Tables, host.Names).FindAsync("default", "sales"));
        Assert.Equal(WorkspaceSettings.Default, await new WorkspaceSettingsStore(host.Tables, host.Names).GetAsync("default"));
    }

    [Theory]
    [InlineData("GET", "api/campaigns/sales")]
    [InlineData("PUT", "api/campaigns/sales")]
    [InlineData("GET", "api/workspace")]
    [InlineData("PUT", "api/workspace")]
    public async Task WithoutCredentialsSettingsAreA401(string method, string path)
    {
        await using var host = await SettingsHost.StartAsync();
        var response = await host.Anonymous().SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "PUT" ? Json("{}") : null });
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("access problem", problem.Detail);
        Assert.Null(await new CampaignSettingsStore(host.Tables, host.Names).FindAsync("default", "sales"));
    }

    [Fact]
    public async Task AKeyWithoutTheTelephonyRoleCannotReadSettings()
    {
        await using var host = await SettingsHost.StartAsync();
        await ProblemAssert.IsProblemAsync(await host.NoTelephony().GetAsync("api/campaigns/sales"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIsA415AndNothingIsStored()
    {
        await using var host = await SettingsHost.StartAsync();
        await ProblemAssert.IsProblemAsync(
            await host.Admin().PutAsync("api/campaigns/sales", new StringContent(SalesBody, Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);
        Assert.Null(await new CampaignSettingsStore(host.Tables, host.Names).FindAsync("default", "sales"));
    }

    [Fact]
    public async Task AReaderOfAnotherWorkspaceGetsA403NotDefaults()
    {
        await using var host = await SettingsHost.StartAsync();
        var problem = await ProblemAssert.IsProblemAsync(await host.OtherWorkspaceReader().GetAsync("api/campaigns/sales?workspace=default"), HttpStatusCode.Forbidden);
        Assert.Contains("workspace 'default'", problem.Detail);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected, string contentType = "application/json")
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
