using System.Text;
using System.Text.Json;
using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Functions.Telemetry;
using Callaro.Functions.Webhooks.Parsing;
using Callaro.Functions.Webhooks.Signatures;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace Callaro.Functions.Webhooks;

/// <summary>
/// What every provider delivery goes through, whatever hosts the HTTP function: content type and size,
/// signature, parse, validate, ingest. A 200 means every event of the delivery is durably stored; a
/// rejection is problem+json with nothing written; storage trouble (or storage slower than the request's
/// deadline, <see cref="Hosting.RequestDeadline"/>, which cancels <c>cancellationToken</c>) propagates to the
/// app's problem translator as 503 + Retry-After so the sender retries.
/// </summary>
public sealed class WebhookPipeline
{
    private static readonly string[] Json = ["application/json"];
    private static readonly string[] Form = ["application/x-www-form-urlencoded"];
    private static readonly string[] FormOrJson = ["application/x-www-form-urlencoded", "application/json"];

    // A byte-order mark and whitespace may precede the JSON value.
    private static readonly byte[] JsonLeadingBytes = [0xEF, 0xBB, 0xBF, (byte)' ', (byte)'\t', (byte)'\r', (byte)'\n'];

    private readonly WebhookGate _gate;
    private readonly CallIngestor _ingestor;

    internal WebhookPipeline(WebhookGate gate, CallIngestor ingestor)
    {
        _gate = gate;
        _ingestor = ingestor;
    }

    /// <summary>Handles one delivery to <paramref name="endpoint"/> (one of <see cref="WebhookEndpointNames"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The endpoint is not a webhook endpoint.</exception>
    /// <exception cref="OperationCanceledException">Storage did not answer before the request's deadline, or the caller went away.</exception>
    public Task<Results<Ok<WebhookAccepted>, ValidationProblem, ProblemHttpResult>> ReceiveAsync(
        string endpoint, HttpRequest request, CancellationToken cancellationToken) => endpoint switch
        {
            WebhookEndpointNames.Callaro => ReceiveCallaroAsync(request, cancellationToken),
            WebhookEndpointNames.Twilio => ReceiveTwilioAsync(request, endpoint, FormOrJson, TwilioCallbackParser.ParseStatus, cancellationToken),
            WebhookEndpointNames.TwilioRecording => ReceiveTwilioAsync(request, endpoint, Form, TwilioCallbackParser.ParseRecording, cancellationToken),
            WebhookEndpointNames.Vonage => ReceiveVonageAsync(request, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, "Not a webhook endpoint."),
        };

    private async Task<Results<Ok<WebhookAccepted>, ValidationProblem, ProblemHttpResult>> ReceiveCallaroAsync(
        HttpRequest request, CancellationToken cancellationToken)
    {
        const string endpoint = WebhookEndpointNames.Callaro;
        var delivery = await _gate.ReadAsync(request, endpoint, Json, cancellationToken);
        if (delivery.Rejection is { } rejected)
        {
            return rejected;
        }

        var verifier = new CallaroSignatureVerifier(_gate.CallaroSigningSecret, _gate.Time);
        var signature = verifier.Verify(request.Headers[CallaroSignatureVerifier.HeaderName], delivery.Body);
        if (!signature.IsValid)
        {
            return _gate.RejectSignature(endpoint, CallaroSignatureVerifier.HeaderName, signature);
        }

        var parsed = CallaroEventParser.Parse(delivery.Body, _gate.Now);
        var isBatch = delivery.Body.AsSpan().TrimStart(JsonLeadingBytes).StartsWith("["u8);
        return await IngestAsync(endpoint, parsed, isBatch, CallaroEventParser.FieldNames, cancellationToken);
    }

    private async Task<Results<Ok<WebhookAccepted>, ValidationProblem, ProblemHttpResult>> ReceiveVonageAsync(
        HttpRequest request, CancellationToken cancellationToken)
    {
        const string endpoint = WebhookEndpointNames.Vonage;
        var delivery = await _gate.ReadAsync(request, endpoint, Json, cancellationToken);
        if (delivery.Rejection is { } rejected)
        {
            return rejected;
        }

        var verifier = new VonageSignatureVerifier(_gate.VonageSignatureSecret, _gate.Time);
        var signature = verifier.Verify(request.Headers.Authorization, delivery.Body, out var applicationId);
        if (!signature.IsValid)
        {
            return _gate.RejectSignature(endpoint, "Authorization", signature);
        }

        var parsed = VonageEventParser.Parse(delivery.Body, _gate.Now, _gate.Workspaces.Vonage.WorkspaceOf(applicationId));
        return await IngestAsync(endpoint, parsed, isBatch: false, VonageEventParser.FieldNames, cancellationToken);
    }

    private async Task<Results<Ok<WebhookAccepted>, ValidationProblem, ProblemHttpResult>> ReceiveTwilioAsync(
        HttpRequest request, string endpoint, string[] mediaTypes,
        Func<IReadOnlyDictionary<string, string>, DateTimeOffset, Func<string?, string>, ParsedDelivery> parse,
        CancellationToken cancellationToken)
    {
        var delivery = await _gate.ReadAsync(request, endpoint, mediaTypes, cancellationToken);
        if (delivery.Rejection is { } rejected)
        {
            return rejected;
        }

        var verifier = _gate.TwilioVerifier();
        var url = _gate.PublicUrlOf(request);
        string? header = request.Headers[TwilioSignatureVerifier.HeaderName];
        string? settings = request.Headers[TwilioSignatureVerifier.SettingsHeaderName];
        var isJson = delivery.MediaType == "application/json";
        var formPairs = isJson ? null : ReadForm(delivery.Body);
        var signature = isJson
            ? verifier.VerifyJson(header, settings, url, delivery.Body)
            : verifier.VerifyForm(header, settings, url, formPairs!);
        if (!signature.IsValid)
        {
            return _gate.RejectSignature(endpoint, TwilioSignatureVerifier.HeaderName, signature);
        }

        var fields = isJson ? ReadJsonFields(delivery.Body, out var bodyError) : SingleValues(formPairs!, out bodyError);
        var parsed = bodyError is not null
            ? ParsedDelivery.Invalid(bodyError)
            : parse(fields!, _gate.Now, _gate.Workspaces.Twilio.WorkspaceOf);
        return await IngestAsync(endpoint, parsed, isBatch: false, TwilioCallbackParser.FieldNames, cancellationToken);
    }

    private async Task<Results<Ok<WebhookAccepted>, ValidationProblem, ProblemHttpResult>> IngestAsync(
        string endpoint, ParsedDelivery parsed, bool isBatch, IReadOnlyDictionary<string, string>? fieldNames,
        CancellationToken cancellationToken)
    {
        if (!parsed.IsValid)
        {
            return _gate.RejectInvalid(endpoint, parsed.Errors);
        }

        var errors = _gate.Validate(parsed.Events, isBatch, fieldNames);
        if (errors.Count > 0)
        {
            return _gate.RejectInvalid(endpoint, errors);
        }

        if (parsed.Events.Count == 0)
        {
            return TypedResults.Ok(new WebhookAccepted(0, 0));
        }

        try
        {
            // Storage failures are deliberately not caught: the app's translator answers 503 + Retry-After.
            var result = await WebhookTelemetry.IngestAsync(endpoint, parsed.Events, _ingestor.IngestAsync, cancellationToken);
            return TypedResults.Ok(new WebhookAccepted(result.Accepted, result.Duplicates));
        }
        catch (CallRecordLimitException full)
        {
            var path = isBatch ? $"events[{IndexOf(parsed.Events, full.CallId)}].{full.Field}" : full.Field;
            return _gate.RejectUnkeepable(endpoint, path, full.Message);
        }
    }

    private static int IndexOf(IReadOnlyList<CallEvent> events, string callId)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].CallId == callId)
            {
                return i;
            }
        }

        return 0;
    }

    private static List<KeyValuePair<string, string>> ReadForm(byte[] body)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)))
        {
            foreach (var value in values)
            {
                pairs.Add(new(name, value ?? ""));
            }
        }

        return pairs;
    }

    /// <summary>
    /// One value per parameter. A parameter repeated with the same value is one value (Twilio's own
    /// library signs the distinct values); repeated with different values it is ambiguous, so rejected.
    /// </summary>
    private static Dictionary<string, string> SingleValues(List<KeyValuePair<string, string>> pairs, out IReadOnlyDictionary<string, string[]>? error)
    {
        error = null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var conflicting = new FieldErrors();
        foreach (var (name, value) in pairs)
        {
            if (fields.TryGetValue(name, out var earlier) && earlier != value)
            {
                conflicting.Add(name, $"{name} is sent more than once with different values; send it once.");
                continue;
            }

            fields[name] = value;
        }

        if (conflicting.Any)
        {
            error = conflicting.ToDictionary();
        }

        return fields;
    }

    /// <summary>Twilio's JSON bodies carry the same flat parameters as its forms.</summary>
    private static Dictionary<string, string>? ReadJsonFields(byte[] body, out IReadOnlyDictionary<string, string[]>? error)
    {
        error = null;
        if (!JsonFields.TryParseBody(body, out var document, out var notJson))
        {
            error = notJson.Errors;
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = ParsedDelivery.Invalid("body", "The body must be a JSON object of Twilio parameters.").Errors;
                return null;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value;
                fields[property.Name] = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString()!,
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                    _ => "",
                };
            }

            return fields;
        }
    }
}

/// <summary>The answer to an accepted delivery.</summary>
/// <param name="Accepted">Events stored now.</param>
/// <param name="Duplicates">Events that had been stored before (a retry).</param>
public sealed record WebhookAccepted(int Accepted, int Duplicates);
