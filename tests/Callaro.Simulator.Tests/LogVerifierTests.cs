using System.Net;
using System.Text.Json;
using Callaro.Simulator.Planning;
using Callaro.Simulator.Sending;
using Callaro.Simulator.Verification;

namespace Callaro.Simulator.Tests;

public sealed class LogVerifierTests
{
    private static readonly CallPlan Plan = CallPlanGenerator.Generate(TestPlans.PastDay(calls: 30));

    /// <summary>A log holding the plan exactly, listed in pages of 10 with cursors.</summary>
    private static HttpResponseMessage FaithfulLog(HttpRequestMessage request, Func<string, string>? statusOf = null, Func<List<string>, List<string>>? listed = null)
    {
        var path = request.RequestUri!.AbsolutePath;
        var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query);
        if (path == "/api/calls")
        {
            var ids = (listed ?? (l => l))(Plan.Calls.Select(c => c.CallId).ToList());
            var start = int.Parse(query["cursor"] ?? "0");
            var page = ids.Skip(start).Take(10).Select(id => new { callId = id });
            var next = start + 10 < ids.Count ? (start + 10).ToString() : null;
            return StubApp.Json(HttpStatusCode.OK, JsonSerializer.Serialize(new { items = page, nextCursor = next }));
        }
        var id = Uri.UnescapeDataString(path["/api/calls/".Length..]);
        var call = Plan.Calls.FirstOrDefault(c => c.CallId == id);
        if (call is null) return StubApp.Json(HttpStatusCode.NotFound, """{"title":"Call not found"}""");
        return StubApp.Json(HttpStatusCode.OK, JsonSerializer.Serialize(new { callId = id, status = (statusOf ?? (_ => call.ExpectedStatus))(id) }));
    }

    /// <summary>Retries after 1 ms unless the app asks for longer.</summary>
    private static readonly RetryPolicy QuickRetries = new() { MaxAttempts = 3, FirstBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromSeconds(5) };

    private static LogVerifier Verifier(StubApp app) => new(app.Client(), 4, QuickRetries, TimeProvider.System);

    [Fact]
    public async Task ALogThatMatchesTheGroundTruthPasses()
    {
        var app = new StubApp((r, _) => FaithfulLog(r));

        var result = await Verifier(app).VerifyAsync(Plan, CancellationToken.None);

        Assert.True(result.Passed);
        Assert.Equal(30, result.ListedRows);
        Assert.Empty(result.Duplicated!);
        Assert.Contains(app.Received, r => r.Request.RequestUri!.Query.Contains("cursor=20"));
    }

    [Fact]
    public async Task LostWrongStatusAndDuplicatedCallsAreEachCounted()
    {
        var lostId = Plan.Calls[0].CallId;
        var wrongId = Plan.Calls[1].CallId;
        var twiceId = Plan.Calls[2].CallId;
        var app = new StubApp((r, _) => r.RequestUri!.AbsolutePath.EndsWith(lostId)
            ? StubApp.Json(HttpStatusCode.NotFound, "{}")
            : FaithfulLog(r, id => id == wrongId ? "ringing" : Plan.Calls.First(c => c.CallId == id).ExpectedStatus,
                ids => [.. ids.Where(i => i != lostId), twiceId]));

        var result = await Verifier(app).VerifyAsync(Plan, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Equal([lostId], result.Lost);
        Assert.Equal("ringing", Assert.Single(result.WrongStatus).Actual);
        Assert.Equal(2, result.Duplicated![twiceId]);
        Assert.Empty(result.MissingFromList!);
    }

    [Fact]
    public async Task AMissingListEndpointIsReportedNotFailed()
    {
        var app = new StubApp((r, _) => r.RequestUri!.AbsolutePath == "/api/calls" ? StubApp.Json(HttpStatusCode.NotFound, "{}") : FaithfulLog(r));

        var result = await Verifier(app).VerifyAsync(Plan, CancellationToken.None);

        Assert.True(result.Passed);
        Assert.Null(result.Duplicated);
        Assert.Equal("duplicates not checked: list endpoint unavailable", result.Note);
    }

    [Fact]
    public async Task ACallFoundByIdButAbsentFromTheDaysListIsReported()
    {
        var hidden = Plan.Calls[5].CallId;
        var app = new StubApp((r, _) => FaithfulLog(r, listed: ids => ids.Where(i => i != hidden).ToList()));

        var result = await Verifier(app).VerifyAsync(Plan, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Equal([hidden], result.MissingFromList);
    }

    [Fact]
    public async Task ReadsWaitOutA503ForAsLongAsItsRetryAfterAsks()
    {
        // Storage comes back 1.5 s after the first read; until then every read answers 503 asking to retry after 1 s.
        // Retrying on the quick schedule alone would spend all three attempts within milliseconds.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var app = new StubApp((r, _) =>
        {
            if (clock.Elapsed >= TimeSpan.FromSeconds(1.5)) return FaithfulLog(r);
            var busy = StubApp.Json(HttpStatusCode.ServiceUnavailable, """{"title":"Storage is not provisioned"}""");
            busy.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
            return busy;
        });

        var result = await Verifier(app).VerifyAsync(Plan, CancellationToken.None);

        Assert.True(result.Passed, $"read errors: {string.Join(", ", result.ReadErrors.Select(e => $"{e.Key} x{e.Value}"))}");
        Assert.Empty(result.Lost);
        Assert.Contains(app.Received, r => r.Request.RequestUri!.AbsolutePath.StartsWith("/api/calls/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARefusedReaderKeyStopsVerificationWithAnActionableMessage()
    {
        var app = new StubApp((_, _) => StubApp.Json(HttpStatusCode.Unauthorized, """{"title":"Access key required"}"""));

        var error = await Assert.ThrowsAsync<VerificationAccessException>(() => Verifier(app).VerifyAsync(Plan, CancellationToken.None));

        Assert.Contains("--reader-key", error.Message);
        Assert.Contains("401", error.Message);
    }

    [Theory]
    [InlineData("""{"status":"missed"}""", "missed")]
    [InlineData("""{"call":{"status":"failed"}}""", "failed")]
    [InlineData("""{"callId":"x"}""", null)]
    public void TheStatusIsReadFromTheRecordOrAWrapper(string body, string? expected)
    {
        Assert.Equal(expected, LogVerifier.ReadStatus(body));
    }
}
