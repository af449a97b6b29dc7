using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Callaro.Functions.Tests.Infrastructure;
using Callaro.Functions.Webhooks.Signatures;

namespace Callaro.Functions.Tests.Hosting;

/// <summary>Storage accepts connections and never answers: every request still answers within 10 s.</summary>
public sealed class StalledStorageTests
{
    // Generous on purpose: the point is "seconds, not minutes", on a busy two-core machine.
    private static readonly TimeSpan AnswerDeadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AWebhookAnswers503WithRetryAfterWithinTenSecondsWhenStorageStalls()
    {
        using var storage = new StalledStorage();
        using var app = await StalledAppAsync(storage);
        var client = app.CreateAnonymousClient();
        var body = Encoding.UTF8.GetBytes(
            $$"""{"id":"stall-1","type":"call.ringing","occurredAt":"{{DateTimeOffset.UtcNow:yyyy-MM-dd'T'HH:mm:ss'Z'}}","callId":"call-stall","direction":"incoming","caller":"+4930111","callee":"+4930222"}""");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/callaro") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(CallaroSignatureVerifier.HeaderName, CallaroSignatureVerifier.CreateHeader(CallaroApplication.WebhookSigningSecret, DateTimeOffset.UtcNow, body));

        var (response, elapsed) = await TimedAsync(() => client.SendAsync(request));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Storage is unavailable; the request was not stored; retry.", problem.Detail);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.True(elapsed < AnswerDeadline, $"answered after {elapsed.TotalSeconds:0.0} s");
        Assert.True(storage.Accepted > 0, "the app never tried storage");
    }

    [Fact]
    public async Task AnUnsignedWebhookIsRefusedAtOnceWithoutWaitingForStalledStorage()
    {
        using var storage = new StalledStorage();
        using var app = await StalledAppAsync(storage);
        var client = app.CreateAnonymousClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/callaro")
        {
            Content = new StringContent("""{"id":"e1","type":"call.ringing","callId":"c1"}""", Encoding.UTF8, "application/json"),
        };

        var (response, elapsed) = await TimedAsync(() => client.SendAsync(request));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Webhook signature rejected", problem.Title);
        // Strangers are counted in memory; only the background flush ever writes their counts.
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"answered after {elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task TheCallLogAnswers503WithinTenSecondsWhenStorageStalls()
    {
        using var storage = new StalledStorage();
        using var app = await StalledAppAsync(storage);
        var client = app.CreateReaderClient();

        var (response, elapsed) = await TimedAsync(() => client.GetAsync("/api/calls?workspace=default"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("retry", problem.Detail);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.True(elapsed < AnswerDeadline, $"answered after {elapsed.TotalSeconds:0.0} s");
        Assert.True(storage.Accepted > 0, "the app never tried storage");
    }

    private static async Task<CallaroApplication> StalledAppAsync(StalledStorage storage)
    {
        var app = new CallaroApplication()
            .WithSetting("Callaro:Storage:ConnectionString", storage.ConnectionString)
            .WithoutProvisioning();
        // Start-up and the first request's warm-up are not what is measured; a request that needs no storage pays them.
        await app.CreateAnonymousClient().GetAsync("/api/no-such-thing");
        return app;
    }

    private static async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> TimedAsync(Func<Task<HttpResponseMessage>> send)
    {
        var watch = Stopwatch.StartNew();
        var response = await send();
        return (response, watch.Elapsed);
    }
}
