using Callaro.Core.Ingestion;
using Callaro.Functions.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace Callaro.Functions.Webhooks;

/// <summary><c>POST /api/webhooks/{callaro,twilio,twilio/recording,vonage}</c>; the gate reads and limits the body itself.</summary>
public sealed class WebhookFunctions(WebhookGate gate, CallIngestor ingestor)
{
    [Function("CallaroWebhook")]
    [SignedBySender]
    public Task<Results<Ok<WebhookAccepted>, ValidationProblem, ProblemHttpResult>> Callaro(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/callaro")] HttpRequest request) =>
        WebhookEndpoints.ReceiveCallaroAsync(request, gate, ingestor, request.HttpContext.RequestAborted);

    [Function("TwilioWebhook")]
    [SignedBySender]
    public Task<Results<Ok<WebhookAccepted>, ValidationProblem, ProblemHttpResult>> Twilio(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/twilio")] HttpRequest request) =>
        WebhookEndpoints.ReceiveTwilioStatusAsync(request, gate, ingestor, request.HttpContext.RequestAborted);

    [Function("TwilioRecordingWebhook")]
    [SignedBySender]
    public Task<Results<Ok<WebhookAccepted>, ValidationProblem, ProblemHttpResult>> TwilioRecording(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/twilio/recording")] HttpRequest request) =>
        WebhookEndpoints.ReceiveTwilioRecordingAsync(request, gate, ingestor, request.HttpContext.RequestAborted);

    [Function("VonageWebhook")]
    [SignedBySender]
    public Task<Results<Ok<WebhookAccepted>, ValidationProblem, ProblemHttpResult>> Vonage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/vonage")] HttpRequest request) =>
        WebhookEndpoints.ReceiveVonageAsync(request, gate, ingestor, request.HttpContext.RequestAborted);
}
