using System.Globalization;
using System.Text.Json;
using Callaro.Simulator.Planning;

namespace Callaro.Simulator.Providers;

/// <summary>
/// Vonage Voice event webhooks as Vonage sends them: compact JSON, numbers without the leading '+',
/// <c>duration</c>, <c>rate</c> and <c>price</c> as strings, and a signed JWT in the Authorization header.
/// </summary>
internal sealed class VonageFormatter(
    string signatureSecret,
    string apiKey = VonageFormatter.DefaultApiKey,
    string applicationId = VonageFormatter.DefaultApplicationId) : IWebhookFormatter
{
    public const string Path = "/api/webhooks/vonage";
    public const string DefaultApiKey = "5a1b2c3d";
    public const string DefaultApplicationId = "7d4e0c52-6f1a-4b8e-9c3d-2a5f6e7b8c90";

    public WebhookRequest Format(Delivery delivery, DateTimeOffset now)
    {
        var e = delivery.Events.Single();
        var body = Serialize(e.Call, e.Event);
        var token = VonageSigner.CreateToken(signatureSecret, now.ToUnixTimeSeconds(), Guid.NewGuid().ToString(), apiKey, applicationId, body);
        return new WebhookRequest(Path, "application/json", body, [new("Authorization", "Bearer " + token)]);
    }

    internal static byte[] Serialize(PlannedCall call, PlannedEvent e)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("from", call.Caller.TrimStart('+'));
            json.WriteString("to", call.Callee.TrimStart('+'));
            json.WriteString("uuid", call.CallId);
            json.WriteString("conversation_uuid", call.AlternateCallId);
            json.WriteString("status", Status(call, e.Kind));
            json.WriteString("direction", call.Direction == Direction.Incoming ? "inbound" : "outbound");
            json.WriteString("timestamp", Iso(e.OccurredAt));
            if (e.Kind == EventKind.Completed)
            {
                json.WriteString("start_time", Iso(call.AnsweredAt ?? call.StartedAt));
                json.WriteString("end_time", Iso(call.EndedAt));
                json.WriteString("duration", call.TalkSeconds.ToString(CultureInfo.InvariantCulture));
                json.WriteString("rate", "0.01390000");
                json.WriteString("price", (0.0139m * Math.Ceiling(call.TalkSeconds / 60m)).ToString("0.00000000", CultureInfo.InvariantCulture));
                json.WriteString("network", "310260");
            }
            if (e.Kind == EventKind.Failed)
            {
                json.WriteString("detail", call.SipCode == 404 ? "invalid_number" : "unavailable");
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    internal static string Status(PlannedCall call, EventKind kind) => kind switch
    {
        EventKind.Started => "started",
        EventKind.Ringing => "ringing",
        EventKind.Answered => "answered",
        EventKind.Completed => "completed",
        EventKind.Failed => "failed",
        EventKind.Missed => call.MissReason switch
        {
            MissReason.Busy => "busy",
            MissReason.Cancelled => "cancelled",
            MissReason.Rejected => "rejected",
            MissReason.Timeout => "timeout",
            _ => "unanswered",
        },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Vonage sends no event for this kind."),
    };

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
