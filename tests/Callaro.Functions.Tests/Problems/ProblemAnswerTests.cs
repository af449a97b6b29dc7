using System.Net;
using System.Text;
using Azure;
using Callaro.Functions.Problems;
using Callaro.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Callaro.Functions.Tests.Problems;

public sealed class ProblemAnswerTests
{
    [Fact]
    public async Task UnknownRouteIsA404ProblemThatNamesTheAddress()
    {
        using var app = new CallaroApplication();

        var response = await app.CreateAnonymousClient().GetAsync("/api/no-such-thing");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("There is no endpoint at GET /api/no-such-thing", problem.Detail);
        Assert.NotNull(problem.Extension("traceId"));
    }

    [Fact]
    public async Task WrongMethodIsA405Problem()
    {
        using var app = new CallaroApplication();

        var response = await app.CreateAnonymousClient().DeleteAsync("/api/health");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("DELETE is not allowed", problem.Detail);
    }

    [Theory]
    [InlineData(503, "ServerBusy")]
    [InlineData(500, "InternalError")]
    [InlineData(403, "AuthenticationFailed")]
    [InlineData(0, null)]
    public async Task StorageFailureIsA503ThatTellsTheCallerToRetry(int status, string? errorCode)
    {
        using var app = AppThrowing(new RequestFailedException(status, "storage said no", errorCode, null));

        var response = await app.CreateAnonymousClient().GetAsync("/test-only/throw");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Storage is unavailable; the request was not stored; retry.", problem.Detail);
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter?.Delta);
    }

    [Theory]
    [MemberData(nameof(TransportFailures))]
    public async Task TimeoutsAndTransportFailuresAre503(Exception exception)
    {
        using var app = AppThrowing(exception);

        var response = await app.CreateAnonymousClient().GetAsync("/test-only/throw");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    public static TheoryData<Exception> TransportFailures() =>
        [new TimeoutException("slow"), new HttpRequestException("refused"), new TaskCanceledException("timed out")];

    [Fact]
    public async Task StorageNotFoundIsA404()
    {
        using var app = AppThrowing(new RequestFailedException(404, "gone", "ResourceNotFound", null));

        var response = await app.CreateAnonymousClient().GetAsync("/test-only/throw");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task MissingTableIsA503ThatSaysToProvision()
    {
        using var app = AppThrowing(new RequestFailedException(404, "no table", "TableNotFound", null));

        var response = await app.CreateAnonymousClient().GetAsync("/test-only/throw");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("provision", problem.Detail);
    }

    [Fact]
    public async Task StaleETagIsA412ThatSaysToReadAgain()
    {
        using var app = AppThrowing(new RequestFailedException(412, "stale", "UpdateConditionNotSatisfied", null));

        var response = await app.CreateAnonymousClient().GetAsync("/test-only/throw");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Contains("Read it again and retry", problem.Detail);
    }

    [Fact]
    public async Task UnexpectedErrorIsA500WithoutStackOrSecrets()
    {
        using var app = AppThrowing(new InvalidOperationException("boom with " + CallaroApplication.TwilioAuthToken));

        var response = await app.CreateAnonymousClient().GetAsync("/test-only/throw");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("boom", problem.Raw);
        Assert.DoesNotContain(CallaroApplication.TwilioAuthToken, problem.Raw);
        Assert.DoesNotContain("InvalidOperationException", problem.Raw);
        Assert.Contains("traceId", problem.Detail);
    }

    [Fact]
    public async Task BodyOverTheEndpointLimitIsA413Problem()
    {
        using var app = AppWithBodyRules();

        var response = await app.CreateAnonymousClient().PostAsync("/test-only/body",
            new StringContent(new string('x', 100), Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("(16 bytes)", problem.Detail);
    }

    [Fact]
    public async Task WrongContentTypeIsA415ProblemNamingWhatIsAccepted()
    {
        using var app = AppWithBodyRules();

        var response = await app.CreateAnonymousClient().PostAsync("/test-only/body",
            new StringContent("{}", Encoding.UTF8, "text/plain"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("'text/plain; charset=utf-8'", problem.Detail);
        Assert.Contains("accepts application/json", problem.Detail);
    }

    [Fact]
    public async Task BodyWithinTheRulesReachesTheHandler()
    {
        using var app = AppWithBodyRules();

        var response = await app.CreateAnonymousClient().PostAsync("/test-only/body",
            new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static CallaroApplication AppThrowing(Exception exception) =>
        new CallaroApplication().WithTestEndpoints(e => e.MapGet("/throw", IResult () => throw exception));

    private static CallaroApplication AppWithBodyRules() =>
        new CallaroApplication().WithTestEndpoints(e =>
            e.MapPost("/body", () => Results.Ok()).AcceptsBody(16, "application/json"));
}
