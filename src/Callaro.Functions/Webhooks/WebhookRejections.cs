namespace Callaro.Functions.Webhooks;

/// <summary>
/// Where rejected deliveries are reported so they can be counted (the health report). Only the
/// endpoint and the reason are passed: request bodies are never kept. Recording is in memory and
/// cannot fail or wait, so a stranger's request never costs storage work.
/// </summary>
public interface IWebhookRejectionRecorder
{
    /// <summary>Notes one rejected delivery.</summary>
    void Record(WebhookRejection rejection);
}

/// <summary>One rejected delivery.</summary>
/// <param name="Endpoint">One of <see cref="WebhookEndpointNames"/>.</param>
/// <param name="Reason">One of <see cref="WebhookRejectionReasons"/>.</param>
/// <param name="At">When it was rejected.</param>
public sealed record WebhookRejection(string Endpoint, string Reason, DateTimeOffset At);

/// <summary>Why a delivery was rejected.</summary>
public static class WebhookRejectionReasons
{
    /// <summary>Signature header missing, malformed, stale or wrong (401).</summary>
    public const string BadSignature = "bad-signature";
    /// <summary>Malformed payload or invalid fields (400).</summary>
    public const string Validation = "validation";
    /// <summary>Body over the limit (413).</summary>
    public const string TooLarge = "too-large";
    /// <summary>A valid event the call's record has no room for (422).</summary>
    public const string Unkeepable = "unkeepable";
    /// <summary>Wrong content type (415).</summary>
    public const string UnsupportedMediaType = "unsupported-media-type";
}

/// <summary>The webhook endpoints, as named in rejections.</summary>
public static class WebhookEndpointNames
{
    /// <summary><c>POST /api/webhooks/callaro</c></summary>
    public const string Callaro = "callaro";
    /// <summary><c>POST /api/webhooks/twilio</c></summary>
    public const string Twilio = "twilio";
    /// <summary><c>POST /api/webhooks/twilio/recording</c></summary>
    public const string TwilioRecording = "twilio-recording";
    /// <summary><c>POST /api/webhooks/vonage</c></summary>
    public const string Vonage = "vonage";
}

/// <summary>The default: rejections are answered but not counted.</summary>
internal sealed class NoWebhookRejectionRecorder : IWebhookRejectionRecorder
{
    public void Record(WebhookRejection rejection)
    {
    }
}
