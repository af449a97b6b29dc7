using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Callaro.Functions.Tests.Infrastructure;
using Callaro.Functions.Webhooks.Signatures;

namespace Callaro.Functions.Tests.Calls;

/// <summary><c>GET /api/calls/{callId}</c>: the record ingestion produced, for readers only.</summary>
public class CallRecordEndpointTests
{
    private static async Task PostCallaroAsync(CallaroApplication app, params string[] events)
    {
        var bytes = Encoding.UTF8.GetBytes("[" + string.Join(",", events) + "]");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/callaro") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(CallaroSignatureVerifier.HeaderName,
            CallaroSignatureVerifier.CreateHeader(CallaroApplication.WebhookSigningSecret, DateTimeOffset.UtcNow, bytes));
        var response = await app.CreateAnonymousClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string Event(string id, string type, string callId, DateTimeOffset at) =>
        $$"""{"id":"{{id}}","type":"{{type}}","occurredAt":"{{at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}}","callId":"{{callId}}","direction":"incoming","caller":"+4930111","callee":"+4930222"}""";

    [Fact]
    public async Task ReaderSeesTheCallsFinalStatusAndHistory()
    {
        using var app = new CallaroApplication();
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        await PostCallaroAsync(app,
            Event("r-3", "call.completed", "call-read-1", start.AddMinutes(3)),
            Event("r-1", "call.ringing", "call-read-1", start),
            Event("r-2", "call.answered", "call-read-1", start.AddSeconds(20)));

        var response = await app.CreateReaderClient().GetAsync("/api/calls/call-read-1?workspace=default");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        var call = json.RootElement;
        Assert.Equal("call-read-1", call.GetProperty("callId").GetString());
        Assert.Equal("completed", call.GetProperty("status").GetString());
        Assert.Equal("incoming", call.GetProperty("direction").GetString());
        Assert.Equal(160, call.GetProperty("durationSeconds").GetInt32());
        Assert.Equal(["call.ringing", "call.answered", "call.completed"], call.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task UnknownCallIsNotFoundWithAProblemNamingIt()
    {
        using var app = new CallaroApplication();

        var response = await app.CreateReaderClient().GetAsync("/api/calls/no-such-call");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("No call 'no-such-call'", problem.Detail);
    }

    [Fact]
    public async Task CallWithoutAKeyIsAnAccessProblemNotAnEmptyAnswer()
    {
        using var app = new CallaroApplication();

        var response = await app.CreateAnonymousClient().GetAsync("/api/calls/call-read-1");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task KeyOfAnotherWorkspaceIsForbidden()
    {
        using var app = new CallaroApplication();

        var response = await app.CreateOtherWorkspaceClient().GetAsync("/api/calls/call-read-1?workspace=default");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }
}
