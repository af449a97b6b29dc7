using System.Net;
using System.Net.Http.Json;
using Callaro.Functions.Tests.Infrastructure;

namespace Callaro.Functions.Tests.Access;

/// <summary>One workspace rule for every read and write; a parameter given twice is refused before anything is read or written.</summary>
public class WorkspaceRuleTests
{
    [Theory]
    [InlineData("/api/calls?workspace=%27%20OR%201%3D1")]
    [InlineData("/api/calls/c1?workspace=%E2%80%8Bdefault")]
    [InlineData("/api/workspace?workspace=*")]
    [InlineData("/api/campaigns/spring?workspace=" + "wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww")]
    [InlineData("/api/access?workspace=a%2Fb")]
    public async Task AKeyGrantedEveryWorkspaceGetsA400ForAnInvalidWorkspace(string path)
    {
        using var app = new CallaroApplication();

        var response = await app.CreateAdminClient().GetAsync(path);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("workspace", problem.Extension("errors"));
        Assert.Contains("1 to 64 ASCII letters, digits", problem.Raw);
    }

    [Fact]
    public async Task ARepeatedWorkspaceParameterIsRefusedAndNothingIsWritten()
    {
        using var app = new CallaroApplication();
        var admin = app.CreateAdminClient();

        var response = await admin.PutAsJsonAsync("/api/workspace?workspace=default&workspace=other", new { reportingTimeZone = "Europe/Berlin" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("workspace is given 2 times", problem.Raw);
        foreach (var workspace in new[] { "default", "other", "default,other" })
        {
            var settings = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/workspace?workspace={Uri.EscapeDataString(workspace)}")
                .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result.GetProperty("reportingTimeZone").GetString() : null);
            Assert.NotEqual("Europe/Berlin", settings);
        }
    }

    [Fact]
    public async Task AListParameterMayRepeat()
    {
        using var app = new CallaroApplication().WithServices(EveryWorkspaceKnown.Register);

        var response = await app.CreateReaderClient().GetAsync("/api/calls?date=2026-03-10&status=missed&status=failed");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
