using Callaro.Functions.Access;

namespace Callaro.Functions.Webhooks;

/// <summary>
/// The webhook functions: Callaro's own events, Twilio status and recording callbacks, Vonage voice
/// events. Signatures are the authentication, so the routes allow anonymous callers; everything else
/// happens in <see cref="WebhookPipeline"/>.
/// </summary>
public static class WebhookEndpoints
{
    /// <summary>Maps <c>POST /api/webhooks/{callaro,twilio,twilio/recording,vonage}</c>.</summary>
    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/webhooks")
            .WithTags("Webhooks")
            .AllowAnonymous()
            .AuthenticatedBySignature()
            .DisableAntiforgery();

        Map(group, "/callaro", WebhookEndpointNames.Callaro, "CallaroWebhook");
        Map(group, "/twilio", WebhookEndpointNames.Twilio, "TwilioWebhook");
        Map(group, "/twilio/recording", WebhookEndpointNames.TwilioRecording, "TwilioRecordingWebhook");
        Map(group, "/vonage", WebhookEndpointNames.Vonage, "VonageWebhook");
        return group;
    }

    private static void Map(RouteGroupBuilder group, string route, string endpoint, string name) =>
        group.MapPost(route, (HttpRequest request, WebhookPipeline pipeline, CancellationToken cancellationToken) =>
            pipeline.ReceiveAsync(endpoint, request, cancellationToken)).WithName(name);
}
