using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Callaro.Functions.Access;
using Callaro.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Callaro.Functions.Tests.Access;

public sealed class AccessControlTests
{
    private const string AccessProblem = "This is an access problem, not an empty log.";

    [Fact]
    public async Task RequestWithoutCredentialsIsToldToSendAKey()
    {
        using var app = new CallaroApplication();

        var response = await app.CreateAnonymousClient().GetAsync("/api/access");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Access denied", problem.Title);
        Assert.Contains("No credentials were sent", problem.Detail);
        Assert.Contains("Authorization: Bearer", problem.Detail);
        Assert.Contains(AccessProblem, problem.Detail);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task UnknownKeyIsRejectedAsInvalidWithoutEchoingIt()
    {
        using var app = new CallaroApplication();

        var response = await app.CreateClientWithKey("not-a-key-anyone-has").GetAsync("/api/access");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("is not valid", problem.Detail);
        Assert.Contains(AccessProblem, problem.Detail);
        Assert.DoesNotContain("not-a-key-anyone-has", problem.Raw);
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("x-api-key")]
    public async Task ReaderKeyIsAcceptedFromEitherHeader(string how)
    {
        using var app = new CallaroApplication();
        var client = app.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/access");
        switch (how)
        {
            case "bearer": request.Headers.Add("Authorization", "Bearer " + CallaroApplication.ReaderKey); break;
            default: request.Headers.Add("X-Api-Key", CallaroApplication.ReaderKey); break;
        }

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var grant = await response.Content.ReadFromJsonAsync<AccessGrant>();
        Assert.Equal("test reader", grant!.Name);
        Assert.Equal("default", grant.Workspace);
        Assert.Equal(["telephony"], grant.Roles);
    }

    [Fact]
    public async Task KeyWithoutTelephonyRoleIsForbiddenAndToldWhichRoleIsMissing()
    {
        using var app = new CallaroApplication();

        var response = await app.CreateNoTelephonyClient().GetAsync("/api/access");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("'test no-telephony' is signed in but does not have the telephony role", problem.Detail);
        Assert.Contains(AccessProblem, problem.Detail);
    }

    [Fact]
    public async Task ReaderAskingForAnotherWorkspaceIsForbiddenNotShownAnEmptyLog()
    {
        using var app = new CallaroApplication();

        var response = await app.CreateReaderClient().GetAsync("/api/access?workspace=acme");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("may not read workspace 'acme' (granted: default)", problem.Detail);
        Assert.Contains(AccessProblem, problem.Detail);
    }

    [Fact]
    public async Task KeyForAnotherWorkspaceCannotReadTheDefaultWorkspace()
    {
        using var app = new CallaroApplication();

        var forbidden = await app.CreateOtherWorkspaceClient().GetAsync("/api/access");
        var allowed = await app.CreateOtherWorkspaceClient().GetAsync("/api/access?workspace=other");

        await ProblemAssert.IsProblemAsync(forbidden, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task AdminWithEveryWorkspaceCanReadAnyWorkspace()
    {
        using var app = new CallaroApplication();

        var response = await app.CreateAdminClient().GetAsync("/api/access?workspace=acme");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AdminPolicyLetsOnlyAdminsIn()
    {
        using var app = new CallaroApplication();
        HttpContent Body() => new StringContent("""{"reportingTimeZone":"Europe/Berlin"}""", System.Text.Encoding.UTF8, "application/json");

        var reader = await app.CreateReaderClient().PutAsync("/api/workspace", Body());
        var admin = await app.CreateAdminClient().PutAsync("/api/workspace", Body());

        var problem = await ProblemAssert.IsProblemAsync(reader, HttpStatusCode.Forbidden);
        Assert.Contains("does not have the admin role", problem.Detail);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task WorkspaceCheckInsideAFunctionForbidsOtherWorkspaces()
    {
        using var app = new CallaroApplication();

        var own = await app.CreateReaderClient().GetAsync("/api/calls/CA-none?workspace=default");
        var other = await app.CreateReaderClient().GetAsync("/api/calls/CA-none?workspace=acme");

        await ProblemAssert.IsProblemAsync(own, HttpStatusCode.NotFound);
        var problem = await ProblemAssert.IsProblemAsync(other, HttpStatusCode.Forbidden);
        Assert.Contains("may not read workspace 'acme'", problem.Detail);
    }

    [Fact]
    public async Task AppServicePrincipalIsIgnoredUnlessTrusted()
    {
        using var app = new CallaroApplication();
        var client = app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", Principal(("roles", "telephony"), ("callaro_workspace", "default")));

        var response = await client.GetAsync("/api/access");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TrustedAppServicePrincipalGrantsItsRolesAndWorkspaces()
    {
        using var app = new CallaroApplication().WithSetting("Callaro:Access:TrustAppServiceAuthentication", "true");
        var client = app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL",
            Principal(("name", "ada@example.net"), ("roles", "telephony"), ("callaro_workspace", "acme")));

        var own = await client.GetAsync("/api/access?workspace=acme");
        var other = await client.GetAsync("/api/access?workspace=default");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("ada@example.net", (await own.Content.ReadFromJsonAsync<AccessGrant>())!.Name);
        var problem = await ProblemAssert.IsProblemAsync(other, HttpStatusCode.Forbidden);
        Assert.Contains("'ada@example.net' may not read workspace 'default'", problem.Detail);
    }

    [Fact]
    public async Task TrustedAppServicePrincipalWithoutTelephonyRoleIsForbidden()
    {
        using var app = new CallaroApplication().WithSetting("Callaro:Access:TrustAppServiceAuthentication", "true");
        var client = app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", Principal(("name", "bob"), ("callaro_workspace", "default")));

        var response = await client.GetAsync("/api/access");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task GarbledAppServicePrincipalIsAnAccessProblem()
    {
        using var app = new CallaroApplication().WithSetting("Callaro:Access:TrustAppServiceAuthentication", "true");
        var client = app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", "%%% not base64");

        var response = await client.GetAsync("/api/access");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("X-MS-CLIENT-PRINCIPAL", problem.Detail);
    }

    [Fact]
    public async Task KeysAreNeverWrittenToTheLog()
    {
        using var app = new CallaroApplication();

        await app.CreateReaderClient().GetAsync("/api/access");
        await app.CreateClientWithKey("wrong-key-8c1d").GetAsync("/api/access");
        await app.CreateNoTelephonyClient().GetAsync("/api/access");

        Assert.NotEmpty(app.Logs);
        Assert.DoesNotContain(app.Logs, line => line.Contains(CallaroApplication.ReaderKey) || line.Contains("wrong-key-8c1d") || line.Contains(CallaroApplication.NoTelephonyKey));
    }

    private static string Principal(params (string Type, string Value)[] claims) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            auth_typ = "aad",
            name_typ = "name",
            role_typ = "roles",
            claims = claims.Select(c => new { typ = c.Type, val = c.Value }),
        })));
}
