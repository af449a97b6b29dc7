using System.Net;
using System.Text.Json;
using Callaro.Simulator.Planning;
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

    [Fact]
    public async Task ALogThatMatchesTheGroundTruthPasses()
    {
        var app = new StubApp((r, _) => FaithfulLog(r));

        var result = await new LogVerifier(app.Client(), 4).VerifyAsync(Plan, CancellationToken.None);

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

        var result = await new LogVerifier(app.Client(), 4).VerifyAsync(Plan, CancellationToken.None);

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

        var result = await new LogVerifier(app.Client(), 4).VerifyAsync(Plan, CancellationToken.None);

        Assert.True(result.Passed);
        Assert.Null(result.Duplicated);
        Assert.Equal("duplicates not checked: list endpoint unavailable", result.Note);
    }

    [Fact]
    public async Task ACallFoundByIdButAbsentFromTheDaysListIsReported()
    {
        var hidden = Plan.Calls[5].CallId;
        var app = new StubApp((r, _) => FaithfulLog(r, listed: ids => ids.Where(i => i != hidden).ToList()));

        var result = await new LogVerifier(app.Client(), 4).VerifyAsync(Plan, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Equal([hidden], result.MissingFromList);
    }

    [Fact]
    public async Task ARefusedReaderKeyStopsVerificationWithAnActionableMessage()
    {
        var app = new StubApp((_, _) => StubApp.Json(HttpStatusCode.Unauthorized, """{"title":"Access key required"}"""));

        var error = await Assert.ThrowsAsync<VerificationAccessException>(() => new LogVerifier(app.Client(), 4).VerifyAsync(Plan, CancellationToken.None));

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
