using System.Buffers;
using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Functions.Configuration;
using Callaro.Functions.Webhooks.Parsing;
using Callaro.Functions.Webhooks.Signatures;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Callaro.Functions.Webhooks;

/// <summary>
/// The checks every webhook delivery passes, in order: content type (415), size (413), signature (401),
/// payload and meaning (400). Each rejection is answered with problem+json and reported to the
/// <see cref="IWebhookRejectionRecorder"/>.
/// </summary>
public sealed class WebhookGate(
    IOptionsMonitor<WebhookOptions> callaro,
    IOptionsMonitor<TwilioOptions> twilio,
    IOptionsMonitor<VonageOptions> vonage,
    IOptionsMonitor<PublicUrlOptions> publicUrl,
    IOptionsMonitor<ProviderWorkspaceOptions> workspaces,
    TimeProvider time,
    IWebhookRejectionRecorder recorder)
{
    public const int MaxBodyBytes = 256 * 1024;

    public string CallaroSigningSecret => callaro.CurrentValue.SigningSecret;

    public string VonageSignatureSecret => vonage.CurrentValue.SignatureSecret;

    public ProviderWorkspaceOptions Workspaces => workspaces.CurrentValue;

    public DateTimeOffset Now => time.GetUtcNow();

    public TimeProvider Time => time;

    /// <summary>Reads the raw body if the content type is one of <paramref name="mediaTypes"/> and it fits the limit.</summary>
    public async Task<RawDelivery> ReadAsync(HttpRequest request, string endpoint, string[] mediaTypes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !mediaTypes.Any(m => contentType.MediaType.Equals(m, StringComparison.OrdinalIgnoreCase)))
        {
            var sent = string.IsNullOrWhiteSpace(request.ContentType) ? "no Content-Type" : $"Content-Type '{request.ContentType}'";
            return RawDelivery.Rejected(Reject(endpoint, WebhookRejectionReasons.UnsupportedMediaType, StatusCodes.Status415UnsupportedMediaType,
                "Unsupported content type", $"This endpoint accepts {string.Join(" or ", mediaTypes)}; the request has {sent}."));
        }

        var body = await ReadLimitedAsync(request, cancellationToken);
        if (body is null)
        {
            return RawDelivery.Rejected(Reject(endpoint, WebhookRejectionReasons.TooLarge, StatusCodes.Status413PayloadTooLarge,
                "Body too large", $"A webhook body may be at most {MaxBodyBytes:N0} bytes (256 KiB). Send fewer events per delivery."));
        }

        return RawDelivery.Read(contentType.MediaType.ToString().ToLowerInvariant(), body);
    }

    public ProblemHttpResult RejectSignature(string endpoint, string header, SignatureResult result) =>
        Reject(endpoint, WebhookRejectionReasons.BadSignature, StatusCodes.Status401Unauthorized,
            "Webhook signature rejected", result.Failure!, new Dictionary<string, object?> { ["header"] = header });

    public ValidationProblem RejectInvalid(string endpoint, IReadOnlyDictionary<string, string[]> errors)
    {
        recorder.Record(new WebhookRejection(endpoint, WebhookRejectionReasons.Validation, Now));
        return TypedResults.ValidationProblem(errors,
            title: "The delivery has invalid fields",
            detail: "Nothing was stored. Correct the fields listed under errors and send the whole delivery again.");
    }

    /// <summary>422: a valid event that the call's record has no room for (see <see cref="CallRecordLimitException"/>).</summary>
    public ProblemHttpResult RejectUnkeepable(string endpoint, string field, string reason) =>
        Reject(endpoint, WebhookRejectionReasons.Unkeepable, StatusCodes.Status422UnprocessableEntity,
            "The call cannot keep this event",
            "The event was not stored: the call's record already holds as much of this kind as it keeps. Retrying the same event will not help.",
            new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [reason] } });

    /// <summary>A verifier for the account's auth token and its webhook signing keys.</summary>
    public TwilioSignatureVerifier TwilioVerifier() => new(twilio.CurrentValue.AuthToken, twilio.CurrentValue.SigningKeys);

    /// <summary>
    /// Runs the core's semantic rules on every event; keys are renamed to the sender's spelling with
    /// <paramref name="fieldName"/> and, for batches, prefixed with the event's position.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> Validate(IReadOnlyList<CallEvent> events, bool batch, IReadOnlyDictionary<string, string>? fieldName = null)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            foreach (var (key, reasons) in CallEventValidator.Validate(events[i], time))
            {
                var name = fieldName is not null && fieldName.TryGetValue(key, out var renamed) ? renamed : key;
                var path = batch ? $"events[{i}].{name}" : name;
                errors[path] = errors.TryGetValue(path, out var earlier) ? [.. earlier, .. reasons] : reasons;
            }
        }

        return errors;
    }

    /// <summary>The URL Twilio signed: the public base URL when configured (behind a proxy), else the request URL.</summary>
    public string PublicUrlOf(HttpRequest request)
    {
        var publicBase = publicUrl.CurrentValue.PublicBaseUrl;
        return string.IsNullOrWhiteSpace(publicBase)
            ? request.GetEncodedUrl()
            : publicBase.TrimEnd('/') + request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
    }

    private ProblemHttpResult Reject(string endpoint, string reason, int status, string title, string detail,
        IDictionary<string, object?>? extensions = null)
    {
        recorder.Record(new WebhookRejection(endpoint, reason, Now));
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }

    /// <summary>The body, or null when it is over the limit (checked before reading when Content-Length says so).</summary>
    private static async Task<byte[]?> ReadLimitedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var body = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (body.Length + read > MaxBodyBytes)
                {
                    return null;
                }

                body.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return body.ToArray();
    }
}

/// <summary>A delivery's raw body, or the answer that rejected it before it was read.</summary>
public sealed record RawDelivery(string MediaType, byte[] Body, ProblemHttpResult? Rejection)
{
    public static RawDelivery Read(string mediaType, byte[] body) => new(mediaType, body, null);

    public static RawDelivery Rejected(ProblemHttpResult rejection) => new("", [], rejection);
}
