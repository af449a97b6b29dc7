using System.Net;
using System.Text;
using Azure;
using Callaro.Core.CallLog;
using Callaro.Functions.Settings;
using Callaro.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Callaro.Functions.Tests.Problems;

public sealed class ProblemAnswerTests
{
    [Theory]
    [InlineData(503, "ServerBusy")]
    [InlineData(500, "InternalError")]
    [InlineData(403, "AuthenticationFailed")]
    [InlineData(0, null)]
    public async Task StorageFailureIsA503ThatTellsTheCallerToRetry(int status, string? errorCode)
    {
        using var app = AppWhoseStorageThrows(new RequestFailedException(status, "storage said no", errorCode, null));

        var response = await app.CreateReaderClient().GetAsync("/api/calls");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Storage is unavailable; the request was not stored; retry.", problem.Detail);
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter?.Delta);
    }

    [Theory]
    [MemberData(nameof(TransportFailures))]
    public async Task TimeoutsAndTransportFailuresAre503(Exception exception)
    {
        using var app = AppWhoseStorageThrows(exception);

        var response = await app.CreateReaderClient().GetAsync("/api/calls");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    public static TheoryData<Exception> TransportFailures() =>
        [new TimeoutException("slow"), new HttpRequestException("refused"), new TaskCanceledException("timed out")];

    [Fact]
    public async Task StorageNotFoundIsA404()
    {
        using var app = AppWhoseStorageThrows(new RequestFailedException(404, "gone", "ResourceNotFound", null));

        var response = await app.CreateReaderClient().GetAsync("/api/calls");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task MissingTableIsA503ThatSaysToProvision()
    {
        using var app = AppWhoseStorageThrows(new RequestFailedException(404, "no table", "TableNotFound", null));

        var response = await app.CreateReaderClient().GetAsync("/api/calls");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("provision", problem.Detail);
    }

    [Fact]
    public async Task StaleETagIsA412ThatSaysToReadAgain()
    {
        using var app = AppWhoseStorageThrows(new RequestFailedException(412, "stale", "UpdateConditionNotSatisfied", null));

        var response = await app.CreateReaderClient().GetAsync("/api/calls");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Contains("Read it again and retry", problem.Detail);
    }

    [Fact]
    public async Task UnexpectedErrorIsA500WithoutStackOrSecrets()
    {
        using var app = AppWhoseStorageThrows(new InvalidOperationException("boom with " + CallaroApplication.TwilioAuthToken));

        var response = await app.CreateReaderClient().GetAsync("/api/calls");

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

        var response = await app.CreateAdminClient().PutAsync("/api/workspace",
            new StringContent(new string(' ', (int)SettingsJson.MaxBodyBytes + 1), Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains($"({SettingsJson.MaxBodyBytes} bytes)", problem.Detail);
    }

    [Fact]
    public async Task WrongContentTypeIsA415ProblemNamingWhatIsAccepted()
    {
        using var app = AppWithBodyRules();

        var response = await app.CreateAdminClient().PutAsync("/api/workspace",
            new StringContent("{}", Encoding.UTF8, "text/plain"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("'text/plain; charset=utf-8'", problem.Detail);
        Assert.Contains("accepts application/json", problem.Detail);
    }

    [Fact]
    public async Task BodyWithinTheRulesReachesTheHandler()
    {
        using var app = AppWithBodyRules();

        var response = await app.CreateAdminClient().PutAsync("/api/workspace",
            new StringContent("""{"reportingTimeZone":"Europe/Berlin"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // The call log reads through ICallLogRowSource, so GET /api/calls meets whatever storage throws.
    private static CallaroApplication AppWhoseStorageThrows(Exception exception) =>
        new CallaroApplication().WithServices(services => services.AddSingleton<ICallLogRowSource>(new ThrowingRows(exception)));

    // PUT /api/workspace accepts at most SettingsJson.MaxBodyBytes of application/json.
    private static CallaroApplication AppWithBodyRules() => new();

    private sealed class ThrowingRows(Exception exception) : ICallLogRowSource
    {
        public Task<CallLogRowBatch> ReadAsync(string partitionKey, string lower, bool lowerInclusive, string upperExclusive, CallLogRowFilter filter,
            int top, string? continuation = null, CancellationToken cancellationToken = default) => throw exception;
    }
}
