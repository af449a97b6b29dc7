using Azure;
using Callaro.Core.Health;
using Callaro.Functions.Webhooks;

namespace Callaro.Functions.Reports;

/// <summary>Counts rejected deliveries for the health report. Counting never changes the answer to the sender.</summary>
internal sealed class CountingWebhookRejectionRecorder(WebhookRejectionCounter counter, ILogger<CountingWebhookRejectionRecorder> logger) : IWebhookRejectionRecorder
{
    public async ValueTask RecordAsync(WebhookRejection rejection, CancellationToken cancellationToken = default)
    {
        try
        {
            await counter.RecordAsync(rejection.Endpoint, rejection.Reason, rejection.At, workspaceId: null, cancellationToken);
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or TimeoutException)
        {
            // The delivery is rejected either way; losing one count must not turn a 401 into a 503.
            logger.LogWarning(e, "Could not count a rejected {Endpoint} delivery ({Reason})", rejection.Endpoint, rejection.Reason);
        }
    }
}
