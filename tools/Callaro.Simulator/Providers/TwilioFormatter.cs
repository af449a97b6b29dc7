using System.Globalization;
using System.Text;
using Callaro.Simulator.Planning;

namespace Callaro.Simulator.Providers;

/// <summary>
/// Twilio voice status callbacks: form-encoded, one per status change, signed over the public URL the
/// app is reached at (which differs from the posting URL when the app sits behind a proxy).
/// </summary>
internal sealed class TwilioFormatter(string authToken, string publicBaseUrl, string accountSid = TwilioFormatter.DefaultAccountSid) : IWebhookFormatter
{
    public const string Path = "/api/webhooks/twilio";
    public const string DefaultAccountSid = "AC3f9a1c0d5e7b24680f1e2d3c4b5a6978";

    public WebhookRequest Format(Delivery delivery, DateTimeOffset now)
    {
        var e = delivery.Events.Single();
        var parameters = Parameters(e.Call, e.Event, accountSid);
        var signature = TwilioSigner.Sign(authToken, publicBaseUrl.TrimEnd('/') + Path, parameters);
        var body = Encoding.UTF8.GetBytes(TwilioSigner.FormEncode(parameters));
        return new WebhookRequest(Path, "application/x-www-form-urlencoded", body, [new(TwilioSigner.HeaderName, signature)]);
    }

    internal static List<KeyValuePair<string, string>> Parameters(PlannedCall call, PlannedEvent e, string accountSid)
    {
        var status = CallStatus(call, e.Kind);
        var p = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", accountSid),
            new("ApiVersion", "2010-04-01"),
            new("CallSid", call.CallId),
            new("CallStatus", status),
            new("CallbackSource", "call-progress-events"),
            new("Called", call.Callee),
            new("Caller", call.Caller),
            new("Direction", call.Direction == Direction.Incoming ? "inbound" : "outbound-api"),
            new("From", call.Caller),
            new("To", call.Callee),
            new("Timestamp", e.OccurredAt.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)),
            new("SequenceNumber", e.Sequence.ToString(CultureInfo.InvariantCulture)),
        };
        if (e.Kind is EventKind.Completed or EventKind.Missed or EventKind.Failed)
        {
            p.Add(new("CallDuration", call.TalkSeconds.ToString(CultureInfo.InvariantCulture)));
            p.Add(new("SipResponseCode", SipCode(call).ToString(CultureInfo.InvariantCulture)));
        }
        return p;
    }

    internal static string CallStatus(PlannedCall call, EventKind kind) => kind switch
    {
        EventKind.Ringing => "ringing",
        EventKind.Answered => "in-progress",
        EventKind.Completed => "completed",
        EventKind.Failed => "failed",
        EventKind.Missed => call.MissReason switch
        {
            MissReason.Busy or MissReason.Rejected => "busy",
            MissReason.Cancelled => "canceled",
            _ => "no-answer",
        },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Twilio sends no callback for this kind of event."),
    };

    private static int SipCode(PlannedCall call) => call.Outcome switch
    {
        Outcome.Completed => 200,
        Outcome.Failed => call.SipCode ?? 500,
        _ => call.MissReason is MissReason.Busy or MissReason.Rejected ? 486 : 487,
    };
}
