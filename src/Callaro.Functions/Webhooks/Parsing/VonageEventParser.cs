using System.Text.Json;
using Callaro.Core.Calls;

namespace Callaro.Functions.Webhooks.Parsing;

/// <summary>
/// Parses Vonage Voice event webhooks (one JSON object per delivery; errors keyed by Vonage's field
/// names).
/// </summary>
/// <remarks>
/// <para><b>Call id = <c>uuid</c></b>, the leg. Vonage's <c>conversation_uuid</c> groups every leg of a
/// conversation, but a Vonage event does not say which leg is the caller's and which a connected one
/// (an outbound API call's first leg and a connected agent's leg look alike), so folding legs together
/// would let a connected leg's <c>unanswered</c> end a call that carries on. Each leg is therefore its
/// own, accurate record.</para>
/// <para><b>Event id</b> = <c>vonage-{uuid}-{status}</c>: a leg reaches each status once, and Vonage
/// repeats the same uuid and status when it retries.</para>
/// <para>Statuses that are not call progress (<c>human</c>, <c>machine</c> from answering-machine
/// detection, <c>input</c>, <c>transfer</c>, <c>record</c>...) are acknowledged and not stored, so
/// Vonage does not retry them; a status nobody knows is rejected.</para>
/// </remarks>
public static class VonageEventParser
{
    private static readonly IReadOnlyDictionary<string, CallEventType> Statuses = new Dictionary<string, CallEventType>(StringComparer.Ordinal)
    {
        ["started"] = CallEventType.Ringing,
        ["ringing"] = CallEventType.Ringing,
        ["answered"] = CallEventType.Answered,
        ["completed"] = CallEventType.Completed,
        ["busy"] = CallEventType.Missed,
        ["cancelled"] = CallEventType.Missed,
        ["unanswered"] = CallEventType.Missed,
        ["rejected"] = CallEventType.Missed,
        ["timeout"] = CallEventType.Missed,
        ["failed"] = CallEventType.Failed,
    };

    private static readonly string[] NotCallProgress = ["human", "machine", "input", "transfer", "record", "dtmf", "asr"];

    private static readonly IReadOnlyDictionary<string, CallDirection> Directions = new Dictionary<string, CallDirection>(StringComparer.Ordinal)
    {
        ["inbound"] = CallDirection.Incoming,
        ["outbound"] = CallDirection.Outgoing,
    };

    /// <summary>Error keys of <see cref="Core.Ingestion.CallEventValidator"/> spelled as Vonage's fields.</summary>
    public static IReadOnlyDictionary<string, string> FieldNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["eventId"] = "uuid",
        ["callId"] = "uuid",
        ["providerStatus"] = "status",
        ["occurredAt"] = "timestamp",
        ["caller"] = "from",
        ["callee"] = "to",
        ["startedAt"] = "start_time",
        ["endedAt"] = "end_time",
        ["durationSeconds"] = "duration",
        ["failureReason"] = "detail",
    };

    /// <summary>Parses a raw UTF-8 body.</summary>
    /// <param name="body">The body exactly as received.</param>
    /// <param name="receivedAt">Stamped on the event.</param>
    /// <param name="workspaceId">The workspace (from the token's application id).</param>
    public static ParsedDelivery Parse(ReadOnlySpan<byte> body, DateTimeOffset receivedAt, string workspaceId)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException e)
        {
            return ParsedDelivery.Invalid("body", $"The body is not valid JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ParsedDelivery.Invalid("body", $"A Vonage event must be a JSON object, not {JsonFields.Describe(document.RootElement)}.");
            }

            var errors = new FieldErrors();
            var f = new JsonFields(document.RootElement, "", errors);
            var providerStatus = f.String("status", required: true);
            if (providerStatus is not null && NotCallProgress.Contains(providerStatus, StringComparer.Ordinal))
            {
                return ParsedDelivery.NothingToStore();
            }

            var type = providerStatus is not null && Statuses.TryGetValue(providerStatus, out var mapped) ? mapped : (CallEventType?)null;
            if (providerStatus is not null && type is null)
            {
                errors.Add("status", $"status '{JsonFields.Truncate(providerStatus)}' is not one of: {string.Join(", ", Statuses.Keys.Concat(NotCallProgress))}.");
            }

            var uuid = f.String("uuid", required: true);
            var occurredAt = f.Timestamp("timestamp", required: true);
            var callEvent = new CallEvent
            {
                EventId = $"vonage-{uuid}-{providerStatus}",
                Type = type ?? default,
                OccurredAt = occurredAt ?? default,
                CallId = uuid ?? "",
                WorkspaceId = workspaceId,
                Source = "vonage",
                ReceivedAt = receivedAt,
                ProviderStatus = providerStatus,
                Direction = f.Choice("direction", Directions),
                Caller = f.String("from"),
                Callee = f.String("to"),
                StartedAt = f.Timestamp("start_time"),
                EndedAt = f.Timestamp("end_time"),
                DurationSeconds = f.Seconds("duration", allowString: true),
                FailureReason = f.String("detail"),
            };

            if (errors.Any)
            {
                return ParsedDelivery.Invalid(errors.ToDictionary());
            }

            return ParsedDelivery.Of(callEvent with
            {
                StartedAt = callEvent.StartedAt ?? (type == CallEventType.Ringing ? occurredAt : null),
                AnsweredAt = type == CallEventType.Answered ? occurredAt : null,
                EndedAt = callEvent.EndedAt ?? (type is CallEventType.Completed or CallEventType.Missed or CallEventType.Failed ? occurredAt : null),
                DurationSeconds = type == CallEventType.Completed ? callEvent.DurationSeconds : null,
                FailureReason = type is CallEventType.Missed or CallEventType.Failed ? callEvent.FailureReason ?? providerStatus : null,
            });
        }
    }
}
