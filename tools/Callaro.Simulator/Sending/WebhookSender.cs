using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Callaro.Simulator.Planning;
using Callaro.Simulator.Providers;

namespace Callaro.Simulator.Sending;

internal sealed record SenderOptions
{
    public int Concurrency { get; init; } = 16;

    /// <summary>Target requests per second; 0 posts as fast as the concurrency allows.</summary>
    public double RequestsPerSecond { get; init; }

    public RetryPolicy Retry { get; init; } = new();
}

/// <summary>
/// Posts deliveries in schedule order with bounded concurrency and an optional pace, retrying the way
/// providers do: 5xx, 429 and dropped connections are retried with exponential backoff (honouring
/// <c>Retry-After</c>); any other non-2xx is final, because a provider would not retry it either.
/// </summary>
internal sealed class WebhookSender(HttpClient http, IReadOnlyDictionary<Provider, IWebhookFormatter> formatters, SenderOptions options, TimeProvider clock)
{
    public async Task<SendResult> SendAsync(IReadOnlyList<Delivery> deliveries, Action onDelivered, CancellationToken cancellationToken)
    {
        var result = new SendResult();
        var stopwatch = Stopwatch.StartNew();
        var interval = options.RequestsPerSecond > 0 ? TimeSpan.FromSeconds(1 / options.RequestsPerSecond) : TimeSpan.Zero;

        await Parallel.ForEachAsync(deliveries,
            new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
            async (delivery, ct) =>
            {
                var due = interval * delivery.Number - stopwatch.Elapsed;
                if (due > TimeSpan.Zero) await Task.Delay(due, ct);
                await DeliverAsync(delivery, result, ct);
                onDelivered();
            });

        result.Elapsed = stopwatch.Elapsed;
        return result;
    }

    private async Task DeliverAsync(Delivery delivery, SendResult result, CancellationToken cancellationToken)
    {
        var formatter = formatters[delivery.Provider];
        for (var attempt = 1; ; attempt++)
        {
            var request = formatter.Format(delivery, clock.GetUtcNow());
            var started = Stopwatch.GetTimestamp();
            HttpResponseMessage? response = null;
            string status;
            string detail;
            try
            {
                response = await http.SendAsync(ToHttp(request), cancellationToken);
                status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                detail = response.IsSuccessStatusCode ? "" : await response.Content.ReadAsStringAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                status = "network";
                detail = ex.Message;
            }
            result.RecordAttempt(status, response is null ? -1 : Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            using (response)
            {
                if (response is { IsSuccessStatusCode: true })
                {
                    result.RecordAccepted(delivery.Events.Count);
                    return;
                }
                var retryable = RetryPolicy.IsRetryable(response);
                if (!retryable || attempt >= options.Retry.MaxAttempts)
                {
                    result.RecordRejected(new RejectedDelivery(delivery.Number, delivery.Provider.ToString().ToLowerInvariant(), status,
                        Shorten(detail) + (retryable ? $" (gave up after {attempt} attempts)" : "")));
                    return;
                }
                await Task.Delay(options.Retry.Backoff(attempt, response?.Headers.RetryAfter, clock.GetUtcNow()), cancellationToken);
            }
        }
    }

    private static HttpRequestMessage ToHttp(WebhookRequest request)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, request.Path.TrimStart('/'))
        {
            Content = new ByteArrayContent(request.Body),
        };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
        foreach (var (name, value) in request.Headers) message.Headers.TryAddWithoutValidation(name, value);
        return message;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
