using System.Text;
using System.Text.Json;
using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Functions.Webhooks.Parsing;
using Callaro.Functions.Webhooks.Signatures;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace Callaro.Functions.Webhooks;

/// <summary>
/// What the webhook functions do: Callaro's own events, Twilio status and recording callbacks, Vonage voice
/// events. Signatures are the authentication, so the functions allow anonymous callers. A 200 means every
/// event of the delivery is durably stored; storage trouble propagates to the app's problem translator
/// (503 + Retry-After) so the sender retries.
/// </summary>
public static class WebhookEndpoints
{
    private static readonly string[] Json = ["application/json"];
    private static readonly string[] Form = ["application/x-www-form-urlencoded"];
    private static readonly string[] FormOrJson = ["application/x-www-form-urlencoded", "application/json"];

    // A byte-order mark and whitespace may precede the JSON value.
    private static readonly byte[] JsonLeadingBytes = [0xEF, 0xBB, 0xBF, (byte)' ', (byte)'\t', (byte)'\r', (byte)'\n'];

    internal static async Task<Results<Ok<WebhookAccepted>, ValidationProblem, ProblemHttpResult>> ReceiveCallaroAsync(
        HttpRequest request, WebhookGate gate, CallIngestor ingestor, CancellationToken cancellationToken)
    {
        const string endpoint = WebhookEndpointNames.Callaro;
        var delivery = await gate.ReadAsync(request, endpoint, Json, cancellationToken);
        if (delivery.Rejection is { } rejected)
        {
            return rejected;
        }

        var verifier = new CallaroSignatureVerifier(gate.CallaroSigningSecret, gate.Time);
        var signature = verifier.Verify(request.Headers[CallaroSignatureVerifier.HeaderName], delivery.Body);
        if (!signature.IsValid)
        {
            return await gate.RejectSignatureAsync(endpoint, CallaroSignatureVerifier.HeaderName, signature, cancellationToken);
        }

        var parsed = CallaroEventParser.Parse(delivery.Body, gate.Now);
        var isBatch = delivery.Body.AsSpan().TrimStart(JsonLeadingBytes).StartsWith("["u8);
        return await IngestAsync(endpoint, parsed, isBatch, CallaroEventParser.FieldNames, gate, ingestor, cancellationToken);
    }

    internal static async Task<Results<Ok<WebhookAccepted>, ValidationProblem, ProblemHttpResult>> ReceiveTwilioStatusAsync(
        HttpRequest request, WebhookGate gate, CallIngestor ingestor, CancellationToken cancellationToken) =>
        await ReceiveTwilioAsync(request, WebhookEndpointNames.Twilio, TwilioCallbackParser.ParseStatus, gate, ingestor, cancellationToken);

    internal static async Task<Results<Ok<WebhookAccepted>, ValidationProblem, ProblemHttpResult>> ReceiveTwilioRecordingAsync(
        HttpRequest request, WebhookGate gate, CallIngestor ingestor, CancellationToken cancellationToken) =>
        await ReceiveTwilioAsync(request, WebhookEndpointNames.TwilioRecording, TwilioCallbackParser.ParseRecording, gate, ingestor, cancellationToken);

    internal static async Task<Results<Ok<WebhookAccepted>, ValidationProblem, ProblemHttpResult>> ReceiveVonageAsync(
        HttpRequest request, WebhookGate gate, CallIngestor ingestor, CancellationToken cancellationToken)
    {
        const string endpoint = WebhookEndpointNames.Vonage;
        var delivery = await gate.ReadAsync(request, endpoint, Json, cancellationToken);
        if (delivery.Rejection is { } rejected)
        {
            return rejected;
        }

        var verifier = new VonageSignatureVerifier(gate.VonageSignatureSecret, gate.Time);
        var signature = verifier.Verify(request.Headers.Authorization, delivery.Body, out var applicationId);
        if (!signature.IsValid)
        {
            return await gate.RejectSignatureAsync(endpoint, "Authorization", signature, cancellationToken);
        }

        var parsed = VonageEventParser.Parse(delivery.Body, gate.Now, gate.Workspaces.Vonage.WorkspaceOf(applicationId));
        return await IngestAsync(endpoint, parsed, isBatch: false, VonageEventParser.FieldNames, gate, ingestor, cancellationToken);
    }

    private static async Task<Results<Ok<WebhookAccepted>, ValidationProblem, ProblemHttpResult>> ReceiveTwilioAsync(
        HttpRequest request, string endpoint, Func<IReadOnlyDictionary<string, string>, DateTimeOffset, Func<string?, string>, ParsedDelivery> parse,
        WebhookGate gate, CallIngestor ingestor, CancellationToken cancellationToken)
    {
        var delivery = await gate.ReadAsync(request, endpoint, endpoint == WebhookEndpointNames.Twilio ? FormOrJson : Form, cancellationToken);
        if (delivery.Rejection is { } rejected)
        {
            return rejected;
        }

        var verifier = new TwilioSignatureVerifier(gate.TwilioAuthToken);
        var url = gate.PublicUrlOf(request);
        string? header = request.Headers[TwilioSignatureVerifier.HeaderName];
        var isJson = delivery.MediaType == "application/json";
        var formPairs = isJson ? null : ReadForm(delivery.Body);
        var signature = isJson
            ? verifier.VerifyJson(header, url, delivery.Body)
            : verifier.VerifyForm(header, url, formPairs!);
        if (!signature.IsValid)
        {
            return await gate.RejectSignatureAsync(endpoint, TwilioSignatureVerifier.HeaderName, signature, cancellationToken);
        }

        var fields = isJson ? ReadJsonFields(delivery.Body, out var jsonError) : FirstValues(formPairs!, out jsonError);
        var parsed = jsonError is not null
            ? ParsedDelivery.Invalid("body", jsonError)
            : parse(fields!, gate.Now, gate.Workspaces.Twilio.WorkspaceOf);
        return await IngestAsync(endpoint, parsed, isBatch: false, TwilioCallbackParser.FieldNames, gate, ingestor, cancellationToken);
    }

    private static async Task<Results<Ok<WebhookAccepted>, ValidationProblem, ProblemHttpResult>> IngestAsync(
        string endpoint, ParsedDelivery parsed, bool isBatch, IReadOnlyDictionary<string, string>? fieldNames,
        WebhookGate gate, CallIngestor ingestor, CancellationToken cancellationToken)
    {
        if (!parsed.IsValid)
        {
            return await gate.RejectInvalidAsync(endpoint, parsed.Errors, cancellationToken);
        }

        var errors = gate.Validate(parsed.Events, isBatch, fieldNames);
        if (errors.Count > 0)
        {
            return await gate.RejectInvalidAsync(endpoint, errors, cancellationToken);
        }

        if (parsed.Events.Count == 0)
        {
            return TypedResults.Ok(new WebhookAccepted(0, 0));
        }

        // Storage failures are deliberately not caught: the app's translator answers 503 + Retry-After.
        var result = await ingestor.IngestAsync(parsed.Events, cancellationToken);
        return TypedResults.Ok(new WebhookAccepted(result.Accepted, result.Duplicates));
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

    private static Dictionary<string, string> FirstValues(List<KeyValuePair<string, string>> pairs, out string? error)
    {
        error = null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in pairs)
        {
            fields.TryAdd(name, value);
        }

        return fields;
    }

    /// <summary>Twilio's JSON bodies carry the same flat parameters as its forms.</summary>
    private static Dictionary<string, string>? ReadJsonFields(byte[] body, out string? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "The body must be a JSON object of Twilio parameters.";
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
        catch (JsonException e)
        {
            error = $"The body is not valid JSON: {e.Message}";
            return null;
        }
    }
}

/// <summary>The answer to an accepted delivery.</summary>
/// <param name="Accepted">Events stored now.</param>
/// <param name="Duplicates">Events that had been stored before (a retry).</param>
public sealed record WebhookAccepted(int Accepted, int Duplicates);
