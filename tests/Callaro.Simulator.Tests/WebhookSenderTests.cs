using System.Net;
using Callaro.Simulator.Planning;
using Callaro.Simulator.Providers;
using Callaro.Simulator.Reporting;
using Callaro.Simulator.Sending;

namespace Callaro.Simulator.Tests;

public sealed class WebhookSenderTests
{
    private static readonly SenderOptions FastRetries = new() { Concurrency = 4, Retry = new() { FirstBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(5) } };

    private static (CallPlan Plan, IReadOnlyList<Delivery> Deliveries) Day()
    {
        var plan = CallPlanGenerator.Generate(TestPlans.PastDay(calls: 20) with { Providers = PlanOptions.ParseProviders("callaro") });
        return (plan, DeliveryScheduler.Schedule(plan));
    }

    private static WebhookSender Sender(StubApp app, SenderOptions? options = null) =>
        new(app.Client(), new Dictionary<Provider, IWebhookFormatter> { [Provider.Callaro] = new CallaroFormatter("s") }, options ?? FastRetries, TimeProvider.System);

    [Fact]
    public async Task EveryDeliveryIsPostedOnceWhenTheAppAccepts()
    {
        var (plan, deliveries) = Day();
        var app = new StubApp((_, _) => StubApp.Json(HttpStatusCode.OK, """{"accepted":1,"duplicates":0}"""));

        var result = await Sender(app).SendAsync(deliveries, () => { }, CancellationToken.None);

        Assert.Equal(deliveries.Count, app.Received.Count);
        Assert.Equal(deliveries.Sum(d => d.Events.Count), result.AcceptedEvents);
        Assert.Equal(deliveries.Count, result.StatusCounts["200"]);
        Assert.Empty(result.Rejected);
        Assert.All(app.Received, r => Assert.Equal("/api/webhooks/callaro", r.Request.RequestUri!.AbsolutePath));
        Assert.True(result.EventsPerSecond > 0);
    }

    [Fact]
    public async Task ServiceUnavailableIsRetriedLikeAProviderWouldAndCountedByStatus()
    {
        var (_, deliveries) = Day();
        var seen = new HashSet<string>();
        var app = new StubApp((_, body) =>
        {
            lock (seen)
            {
                // First attempt of every body fails with 503 + Retry-After, the retry succeeds.
                if (!seen.Add(body)) return StubApp.Json(HttpStatusCode.OK, "{}");
            }
            var busy = StubApp.Json(HttpStatusCode.ServiceUnavailable, """{"title":"Storage unavailable"}""");
            busy.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(0));
            return busy;
        });

        var result = await Sender(app).SendAsync(deliveries.Where(d => !d.Events.Any(e => e.IsDuplicate)).ToArray(), () => { }, CancellationToken.None);

        Assert.Empty(result.Rejected);
        Assert.Equal(result.StatusCounts["503"], result.StatusCounts["200"]);
        Assert.Equal(result.StatusCounts["503"], result.Retries);
    }

    [Fact]
    public async Task ABadRequestIsNotRetriedAndItsProblemIsKept()
    {
        var (_, deliveries) = Day();
        var app = new StubApp((_, _) => StubApp.Json(HttpStatusCode.BadRequest, """{"title":"Invalid event","detail":"callId is required"}"""));

        var result = await Sender(app).SendAsync(deliveries.Take(3).ToArray(), () => { }, CancellationToken.None);

        Assert.Equal(3, app.Received.Count);
        Assert.Equal(3, result.Rejected.Count);
        Assert.All(result.Rejected, r => Assert.Contains("callId is required", r.Detail));
    }

    [Fact]
    public async Task RetriesStopAfterTheLastAttempt()
    {
        var (_, deliveries) = Day();
        var app = new StubApp((_, _) => StubApp.Json(HttpStatusCode.InternalServerError, "{}"));

        var result = await Sender(app, FastRetries with { Retry = FastRetries.Retry with { MaxAttempts = 3 } }).SendAsync(deliveries.Take(1).ToArray(), () => { }, CancellationToken.None);

        Assert.Equal(3, app.Received.Count);
        Assert.Contains("gave up after 3 attempts", Assert.Single(result.Rejected).Detail);
    }

    [Theory]
    [InlineData(50, 5)]
    [InlineData(95, 10)]
    [InlineData(99, 10)]
    [InlineData(1, 1)]
    public void PercentilesUseTheNearestRank(double percent, double expected)
    {
        double[] latencies = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

        Assert.Equal(expected, RunReport.Percentile(latencies, percent));
    }
}
