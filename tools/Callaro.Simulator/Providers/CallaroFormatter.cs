using System.Globalization;
using System.Text.Json;
using Callaro.Simulator.Planning;

namespace Callaro.Simulator.Providers;

/// <summary>Callaro's own events: one JSON object, or an array when the delivery is a batch.</summary>
internal sealed class CallaroFormatter(string signingSecret) : IWebhookFormatter
{
    public const string Path = "/api/webhooks/callaro";

    public WebhookRequest Format(Delivery delivery, DateTimeOffset now)
    {
        var body = Serialize(delivery.Events);
        var signature = CallaroSigner.Sign(signingSecret, now.ToUnixTimeSeconds(), body);
        return new WebhookRequest(Path, "application/json", body, [new(CallaroSigner.HeaderName, signature)]);
    }

    internal static byte[] Serialize(IReadOnlyList<ScheduledEvent> events)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            if (events.Count == 1)
            {
                WriteEvent(json, events[0].Call, events[0].Event);
            }
            else
            {
                json.WriteStartArray();
                foreach (var e in events) WriteEvent(json, e.Call, e.Event);
                json.WriteEndArray();
            }
        }
        return buffer.ToArray();
    }

    private static void WriteEvent(Utf8JsonWriter json, PlannedCall call, PlannedEvent e)
    {
        json.WriteStartObject();
        json.WriteString("id", e.EventId);
        json.WriteString("type", TypeName(e.Kind));
        json.WriteString("occurredAt", Iso(e.OccurredAt));
        json.WriteString("callId", call.CallId);
        json.WriteString("workspaceId", call.Workspace);
        WriteIfSet(json, "campaignId", call.CampaignId);
        WriteIfSet(json, "dealId", call.DealId);
        WriteIfSet(json, "operatorId", call.OperatorId);
        json.WriteString("direction", call.Direction.ToString().ToLowerInvariant());
        json.WriteString("caller", call.Caller);
        json.WriteString("callee", call.Callee);
        json.WriteString("startedAt", Iso(call.StartedAt));

        // Each event carries what the sender knew at that moment: no end time on a ringing event.
        var isFinalOrLater = e.Kind is EventKind.Completed or EventKind.Missed or EventKind.Failed or EventKind.Logged or EventKind.CrmActivity;
        if (call.AnsweredAt is { } answered && (e.Kind == EventKind.Answered || isFinalOrLater)) json.WriteString("answeredAt", Iso(answered));
        if (isFinalOrLater)
        {
            json.WriteString("endedAt", Iso(call.EndedAt));
            json.WriteNumber("durationSeconds", call.TalkSeconds);
            var reason = FailureReason(call);
            if (reason is not null) json.WriteString("failureReason", reason);
        }

        if (call.Report is { } report && e.Kind == EventKind.Logged)
        {
            json.WriteString("outcome", report.Outcome);
            json.WriteString("summary", report.Summary);
            json.WritePropertyName("fields");
            WriteFields(json, report.Fields);
        }
        if (call.Report is { } crm && e.Kind == EventKind.CrmActivity)
        {
            json.WriteStartObject("crm");
            json.WriteString("system", crm.CrmSystem);
            json.WriteString("recordId", crm.CrmRecordId);
            json.WriteString("kind", crm.CrmKind);
            json.WriteString("status", crm.CrmSucceeded ? "succeeded" : "failed");
            if (crm.CrmError is not null) json.WriteString("error", crm.CrmError);
            var sent = new Dictionary<string, object>
            {
                ["subject"] = $"Call with {(call.Direction == Direction.Incoming ? call.Caller : call.Callee)}",
                ["durationSeconds"] = call.TalkSeconds,
                ["outcome"] = crm.Outcome,
            };
            json.WritePropertyName("sent");
            WriteFields(json, sent);
            if (crm.CrmSucceeded)
            {
                json.WritePropertyName("observed");
                WriteFields(json, sent);
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter json, IReadOnlyDictionary<string, object> fields)
    {
        json.WriteStartObject();
        foreach (var (name, value) in fields)
        {
            switch (value)
            {
                case bool flag: json.WriteBoolean(name, flag); break;
                case int number: json.WriteNumber(name, number); break;
                case double number: json.WriteNumber(name, number); break;
                case DateTimeOffset date: json.WriteString(name, Iso(date)); break;
                default: json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            }
        }
        json.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null) json.WriteString(name, value);
    }

    internal static string TypeName(EventKind kind) => kind switch
    {
        EventKind.Ringing => "call.ringing",
        EventKind.Answered => "call.answered",
        EventKind.Completed => "call.completed",
        EventKind.Missed => "call.missed",
        EventKind.Failed => "call.failed",
        EventKind.Logged => "call.logged",
        EventKind.CrmActivity => "crm.activity",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Callaro does not send this kind of event."),
    };

    private static string? FailureReason(PlannedCall call) => call.Outcome switch
    {
        Outcome.Failed => call.SipCode?.ToString(CultureInfo.InvariantCulture),
        Outcome.Missed => call.MissReason switch
        {
            MissReason.Busy => "busy",
            MissReason.Cancelled => "cancelled",
            MissReason.Rejected => "rejected",
            MissReason.Timeout => "timeout",
            _ => "no-answer",
        },
        _ => null,
    };

    internal static string Iso(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
