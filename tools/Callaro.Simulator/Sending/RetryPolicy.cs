using System.Net;
using System.Net.Http.Headers;

namespace Callaro.Simulator.Sending;

/// <summary>
/// Retrying as telephony providers do, for deliveries and read-backs alike: 5xx, 429 and no answer are retried,
/// after the wait the app's <c>Retry-After</c> asks for (it answers 503 with one while storage is unavailable or not
/// yet provisioned), otherwise after an exponential backoff with jitter; at most <see cref="MaxBackoff"/> per wait.
/// </summary>
internal sealed record RetryPolicy
{
    public int MaxAttempts { get; init; } = 6;
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <param name="response">null when no answer came (a dropped connection).</param>
    public static bool IsRetryable(HttpResponseMessage? response) =>
        response is null || response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;

    public TimeSpan Backoff(int attempt, RetryConditionHeaderValue? retryAfter, DateTimeOffset now)
    {
        var wait = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - now : (TimeSpan?)null)
            ?? FirstBackoff * Math.Pow(2, attempt - 1) * (0.8 + Random.Shared.NextDouble() * 0.4);
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxBackoff ? MaxBackoff : wait;
    }
}
