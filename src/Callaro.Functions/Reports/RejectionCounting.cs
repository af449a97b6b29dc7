using Callaro.Core.Health;
using Callaro.Functions.Telemetry;
using Callaro.Functions.Webhooks;

namespace Callaro.Functions.Reports;

/// <summary>Counts rejected deliveries in memory for the health report; answering a stranger touches no storage.</summary>
internal sealed class TallyingWebhookRejectionRecorder(WebhookRejectionTally tally) : IWebhookRejectionRecorder
{
    public void Record(WebhookRejection rejection)
    {
        tally.Add(rejection.Endpoint, rejection.Reason, rejection.At);
        WebhookTelemetry.Rejected(rejection);
    }
}

/// <summary>
/// Adds the tally's counts to storage every <see cref="Interval"/> and when the instance stops. A flush
/// that fails puts its counts back for the next one, so storage trouble delays counts but loses none
/// while the instance lives.
/// </summary>
internal sealed class RejectionCountFlusher(WebhookRejectionTally tally, WebhookRejectionCounter counter, ILogger<RejectionCountFlusher> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    /// <summary>Bounds one flush, so a stalled storage account cannot hold a stopping instance.</summary>
    private static readonly TimeSpan FlushDeadline = TimeSpan.FromSeconds(8);

    /// <summary>Writes every pending count now (the report generator calls this so its own instance's counts are in).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(FlushDeadline);
        foreach (var (bucket, count) in tally.Drain())
        {
            try
            {
                await counter.AddAsync(bucket, count, deadline.Token);
            }
            // Azure.Core reports exhausted retries as an AggregateException of the attempts.
            catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or TimeoutException or OperationCanceledException or AggregateException)
            {
                tally.Add(bucket, count);
                logger.LogWarning(e, "Could not store {Count} rejected {Endpoint} deliveries ({Reason}); kept for the next flush", count, bucket.Endpoint, bucket.Reason);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!tally.IsEmpty)
                {
                    await FlushAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync flushes what is left.
        }
    }
}
