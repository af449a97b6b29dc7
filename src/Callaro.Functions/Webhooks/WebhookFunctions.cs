using Callaro.Functions.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace Callaro.Functions.Webhooks;

/// <summary>
/// <c>POST /api/webhooks/{callaro,twilio,twilio/recording,vonage}</c>: where provider deliveries enter. Signatures
/// are the authentication, so the functions allow anonymous callers; everything else (body limits, signature,
/// parse, validate, ingest) happens in <see cref="WebhookPipeline"/>.
/// </summary>
public sealed class WebhookFunctions(WebhookPipeline pipeline)
{
    [Function("CallaroWebhook")]
    [SignedBySender]
    public Task<Results<Ok<WebhookAccepted>, ValidationProblem, ProblemHttpResult>> Callaro(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/callaro")] HttpRequest request) =>
        pipeline.ReceiveAsync(WebhookEndpointNames.Callaro, request, request.HttpContext.RequestAborted);

    [Function("TwilioWebhook")]
    [SignedBySender]
    public Task<Results<Ok<WebhookAccepted>, ValidationProblem, ProblemHttpResult>> Twilio(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/twilio")] HttpRequest request) =>
        pipeline.ReceiveAsync(WebhookEndpointNames.Twilio, request, request.HttpContext.RequestAborted);

    [Function("TwilioRecordingWebhook")]
    [SignedBySender]
    public Task<Results<Ok<WebhookAccepted>, ValidationProblem, ProblemHttpResult>> TwilioRecording(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/twilio/recording")] HttpRequest request) =>
        pipeline.ReceiveAsync(WebhookEndpointNames.TwilioRecording, request, request.HttpContext.RequestAborted);

    [Function("VonageWebhook")]
    [SignedBySender]
    public Task<Results<Ok<WebhookAccepted>, ValidationProblem, ProblemHttpResult>> Vonage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/vonage")] HttpRequest request) =>
        pipeline.ReceiveAsync(WebhookEndpointNames.Vonage, request, request.HttpContext.RequestAborted);
}
