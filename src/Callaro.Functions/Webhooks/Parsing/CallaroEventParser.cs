using System.Text.Json;
using Callaro.Core.Calls;

namespace Callaro.Functions.Webhooks.Parsing;

/// <summary>
/// Parses Callaro's own webhook format: one JSON event object, or an array of up to
/// <see cref="MaxBatch"/>. Known fields are strict (a wrong type is an error naming the field); unknown
/// fields are ignored so the sender can add fields before this service knows them. Error keys are
/// <c>field</c> for a single event and <c>events[i].field</c> for a batch.
/// </summary>
/// <remarks>
/// Extracted <c>fields</c> (and CRM <c>sent</c>/<c>observed</c> values) may be strings, numbers or
/// booleans; a string that is a complete ISO-8601 timestamp with an offset is taken as a date, any other
/// string as text. JSON has no date type, and a full timestamp with an offset is never ordinary prose.
/// </remarks>
public static class CallaroEventParser
{
    /// <summary>The largest batch accepted in one delivery.</summary>
    public const int MaxBatch = 100;

    /// <summary>The longest end-of-call summary accepted.</summary>
    public const int MaxSummaryLength = 8_000;

    /// <summary>Error keys of <see cref="Core.Ingestion.CallEventValidator"/> spelled as this format's fields.</summary>
    public static IReadOnlyDictionary<string, string> FieldNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["eventId"] = "id",
    };

    internal static readonly IReadOnlyDictionary<string, CallEventType> Types = new Dictionary<string, CallEventType>(StringComparer.Ordinal)
    {
        ["call.ringing"] = CallEventType.Ringing,
        ["call.answered"] = CallEventType.Answered,
        ["call.completed"] = CallEventType.Completed,
        ["call.missed"] = CallEventType.Missed,
        ["call.failed"] = CallEventType.Failed,
        ["call.logged"] = CallEventType.CallLogged,
        ["crm.activity"] = CallEventType.CrmActivity,
    };

    private static readonly IReadOnlyDictionary<string, CallDirection> Directions = new Dictionary<string, CallDirection>(StringComparer.Ordinal)
    {
        ["incoming"] = CallDirection.Incoming,
        ["outgoing"] = CallDirection.Outgoing,
        ["internal"] = CallDirection.Internal,
    };

    private static readonly string[] CrmKinds = ["note", "task", "fieldUpdate"];

    private static readonly IReadOnlyDictionary<string, bool> CrmStatuses = new Dictionary<string, bool>(StringComparer.Ordinal)
    {
        ["succeeded"] = true,
        ["failed"] = false,
    };

    /// <summary>Parses a raw UTF-8 body.</summary>
    /// <param name="body">The body exactly as received.</param>
    /// <param name="receivedAt">Stamped on every event.</param>
    public static ParsedDelivery Parse(ReadOnlySpan<byte> body, DateTimeOffset receivedAt)
    {
        if (!JsonFields.TryParseBody(body, out var document, out var notJson))
        {
            return notJson;
        }

        using (document)
        {
            var root = document.RootElement;
            return root.ValueKind switch
            {
                JsonValueKind.Object => ParseAll([root], single: true, receivedAt),
                JsonValueKind.Array when root.GetArrayLength() == 0 =>
                    ParsedDelivery.Invalid("events", "The batch is empty; send at least one event."),
                JsonValueKind.Array when root.GetArrayLength() > MaxBatch =>
                    ParsedDelivery.Invalid("events", $"A batch holds at most {MaxBatch} events; this one has {root.GetArrayLength()}. Split it into several deliveries."),
                JsonValueKind.Array => ParseAll([.. root.EnumerateArray()], single: false, receivedAt),
                _ => ParsedDelivery.Invalid("body", $"The body must be one event object or an array of events, not {JsonFields.Describe(root)}."),
            };
        }
    }

    private static ParsedDelivery ParseAll(IReadOnlyList<JsonElement> elements, bool single, DateTimeOffset receivedAt)
    {
        var errors = new FieldErrors();
        var events = new List<CallEvent>(elements.Count);
        for (var i = 0; i < elements.Count; i++)
        {
            var prefix = single ? "" : $"events[{i}].";
            if (elements[i].ValueKind != JsonValueKind.Object)
            {
                errors.Add(single ? "body" : $"events[{i}]", $"Each event must be an object, not {JsonFields.Describe(elements[i])}.");
                continue;
            }

            if (ParseEvent(new JsonFields(elements[i], prefix, errors), receivedAt) is { } parsed)
            {
                events.Add(parsed);
            }
        }

        return errors.Any ? ParsedDelivery.Invalid(errors.ToDictionary()) : ParsedDelivery.Of(events);
    }

    private static CallEvent? ParseEvent(JsonFields f, DateTimeOffset receivedAt)
    {
        var id = f.String("id", required: true);
        var type = f.Choice("type", Types, required: true);
        var occurredAt = f.Timestamp("occurredAt", required: true);
        var callId = f.String("callId", required: true);
        var workspaceId = f.String("workspaceId");
        if (workspaceId is not null && string.IsNullOrWhiteSpace(workspaceId))
        {
            // An explicit empty workspace is a sender bug; silently filing it under "default" would hide it.
            workspaceId = f.String("workspaceId", required: true);
        }

        var report = ReadReport(f, type);
        var crm = ReadCrm(f, type);

        var callEvent = new CallEvent
        {
            EventId = id ?? "",
            Type = type ?? default,
            OccurredAt = occurredAt ?? default,
            CallId = callId ?? "",
            WorkspaceId = workspaceId ?? "default",
            Source = "callaro",
            ReceivedAt = receivedAt,
            CampaignId = f.String("campaignId"),
            DealId = f.String("dealId"),
            OperatorId = f.String("operatorId"),
            Direction = f.Choice("direction", Directions),
            Caller = f.String("caller"),
            Callee = f.String("callee"),
            StartedAt = f.Timestamp("startedAt"),
            AnsweredAt = f.Timestamp("answeredAt"),
            EndedAt = f.Timestamp("endedAt"),
            DurationSeconds = f.Seconds("durationSeconds"),
            FailureReason = f.String("failureReason", allowNumber: true),
            Report = report,
            Crm = crm,
        };

        return id is null || type is null || occurredAt is null || callId is null ? null : callEvent;
    }

    private static CallReport? ReadReport(JsonFields f, CallEventType? type)
    {
        string[] reportFields = ["outcome", "summary", "fields"];
        if (type != CallEventType.CallLogged)
        {
            RejectOutOfPlace(f, reportFields, type, "call.logged");
            return null;
        }

        var outcome = f.String("outcome");
        var summary = f.String("summary");
        if (summary is { Length: > MaxSummaryLength })
        {
            f.Add("summary", $"summary is {summary.Length} characters; at most {MaxSummaryLength} are accepted.");
        }

        var fields = f.Object("fields") is { } values ? ReadValues(f, "fields", values) : null;
        // An empty report is left out so the core's rule ("give outcome, summary or fields") names it.
        return outcome is null && summary is null && fields is null ? null : new CallReport(outcome, summary, fields);
    }

    private static CrmActivity? ReadCrm(JsonFields f, CallEventType? type)
    {
        if (type != CallEventType.CrmActivity)
        {
            RejectOutOfPlace(f, ["crm"], type, "crm.activity");
            return null;
        }

        if (f.Object("crm", required: true) is not { } crmObject)
        {
            return null;
        }

        var crm = f.Nested(crmObject, "crm.");
        var system = crm.String("system", required: true);
        var recordId = crm.String("recordId", allowNumber: true);
        var kind = crm.OneOf("kind", CrmKinds, required: true);
        var succeeded = crm.Choice("status", CrmStatuses, required: true);
        var error = crm.String("error");
        var sent = crm.Object("sent") is { } s ? ReadValues(crm, "sent", s) : null;
        var observed = crm.Object("observed") is { } o ? ReadValues(crm, "observed", o) : null;
        return system is null || kind is null || succeeded is null
            ? null
            : new CrmActivity(system, recordId, kind, succeeded.Value, error, sent, observed);
    }

    private static void RejectOutOfPlace(JsonFields f, string[] names, CallEventType? type, string owner)
    {
        if (type is null)
        {
            return;
        }

        foreach (var name in names.Where(f.Has))
        {
            // Quietly dropping it would lose data the sender believes was logged.
            f.Add(name, $"{name} belongs on {owner} events; send it as a separate {owner} event.");
        }
    }

    private static Dictionary<string, CallFieldValue> ReadValues(JsonFields f, string name, JsonElement values)
    {
        var result = new Dictionary<string, CallFieldValue>(StringComparer.Ordinal);
        foreach (var property in values.EnumerateObject())
        {
            var path = $"{name}.{property.Name}";
            if (string.IsNullOrWhiteSpace(property.Name))
            {
                f.Add(name, $"{name} has a value with an empty name.");
                continue;
            }

            var value = property.Value;
            CallFieldValue? parsed = value.ValueKind switch
            {
                JsonValueKind.String when Timestamps.TryParseIso(value.GetString(), out var date) => new CallFieldValue(Date: date),
                JsonValueKind.String => new CallFieldValue(Text: value.GetString()),
                JsonValueKind.Number when value.TryGetDouble(out var number) => new CallFieldValue(Number: number),
                JsonValueKind.True => new CallFieldValue(Flag: true),
                JsonValueKind.False => new CallFieldValue(Flag: false),
                _ => null,
            };

            if (parsed is null)
            {
                f.Add(path, value.ValueKind == JsonValueKind.Number
                    ? $"{path} is a number too large to keep; send it as a string."
                    : $"{path} must be a string, number, boolean or ISO-8601 date, not {JsonFields.Describe(value)}.");
                continue;
            }

            result[property.Name] = parsed;
        }

        return result;
    }
}
