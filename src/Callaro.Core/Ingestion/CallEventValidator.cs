using System.Globalization;
using Callaro.Core.Calls;
using Callaro.Core.Workspaces;

namespace Callaro.Core.Ingestion;

/// <summary>
/// The semantic rules every event must pass before anything is written: key characters Table Storage
/// forbids, lengths, impossible timestamps. Parsers at the edge check syntax; this checks meaning.
/// </summary>
public static class CallEventValidator
{
    /// <summary>Longest id (event, call, workspace, campaign, deal, operator) accepted.</summary>
    public const int MaxIdLength = 256;
    /// <summary>Longest caller/callee (E.164 is 16; SIP URIs and extensions need more).</summary>
    public const int MaxNumberLength = 128;
    /// <summary>Longest summary of an end-of-call report.</summary>
    public const int MaxSummaryLength = 8_000;
    /// <summary>Longest short text field (provider status, failure reason, outcome, CRM names).</summary>
    public const int MaxShortTextLength = 256;
    /// <summary>Longest recording URL or CRM error text.</summary>
    public const int MaxLongTextLength = 2_048;
    /// <summary>Most extracted fields per report or CRM activity.</summary>
    public const int MaxFields = 100;
    /// <summary>Durations must be shorter than this.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(7);
    /// <summary>Timestamps before this are impossible.</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    /// <summary>How far in the future (by our clock) a timestamp may be; tolerates skewed provider clocks.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(1);

    /// <summary>
    /// Validates one event against the system clock. Keys of the result are plain field names
    /// (e.g. <c>callId</c>, <c>occurredAt</c>, <c>summary</c>); the edge prefixes them (<c>events[3].callId</c>).
    /// Empty when the event is valid.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Validate(CallEvent callEvent) => Validate(callEvent, TimeProvider.System);

    /// <summary>Validates one event; "the future" is judged by <paramref name="clock"/>.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(CallEvent callEvent, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(callEvent);
        var errors = new Errors();
        var e = callEvent;

        RequiredId(errors, "eventId", e.EventId);
        RequiredId(errors, "callId", e.CallId);
        if (WorkspaceId.Problem(e.WorkspaceId, "workspaceId") is { } workspaceProblem) errors.Add("workspaceId", workspaceProblem);
        OptionalId(errors, "campaignId", e.CampaignId);
        OptionalId(errors, "dealId", e.DealId);
        OptionalId(errors, "operatorId", e.OperatorId);
        // Numbers end up in index row keys, so they follow the key rules too.
        OptionalKeyText(errors, "caller", e.Caller, MaxNumberLength);
        OptionalKeyText(errors, "callee", e.Callee, MaxNumberLength);

        // Open-ended on purpose (attachments add their own sources); a short lowercase word keeps rows tidy.
        if (string.IsNullOrEmpty(e.Source)) errors.Add("source", "source is required (e.g. callaro, twilio or vonage).");
        else if (e.Source.Length > 32 || !e.Source.All(ch => ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            errors.Add("source", $"source '{Clip(e.Source)}' must be a short lowercase word such as callaro, twilio or vonage.");
        if (!Enum.IsDefined(e.Type)) errors.Add("type", "type is not a known event type.");
        if (e.Direction is { } d && !Enum.IsDefined(d)) errors.Add("direction", "direction must be incoming, outgoing or internal.");

        Text(errors, "providerStatus", e.ProviderStatus, MaxShortTextLength);
        Text(errors, "failureReason", e.FailureReason, MaxShortTextLength);
        if (e.Sequence is < 0) errors.Add("sequence", "sequence must not be negative.");

        var now = clock.GetUtcNow();
        // An attached blob's time is the storage service's own Last-Modified, not a sender's clock, so only the
        // lower bound applies to it: a skewed server clock must not make a stored blob impossible to attach.
        var stampedByStorage = e.Type is CallEventType.RecordingAttached or CallEventType.TranscriptAttached;
        Timestamp(errors, "occurredAt", e.OccurredAt, stampedByStorage ? null : now);
        if (e.StartedAt is { } s) Timestamp(errors, "startedAt", s, now);
        if (e.AnsweredAt is { } a) Timestamp(errors, "answeredAt", a, now);
        if (e.EndedAt is { } en) Timestamp(errors, "endedAt", en, now);
        if (e.StartedAt is { } s1 && e.AnsweredAt is { } a1 && a1 < s1) errors.Add("answeredAt", "answeredAt is before startedAt.");
        if (e.StartedAt is { } s2 && e.EndedAt is { } en2 && en2 < s2) errors.Add("endedAt", "endedAt is before startedAt.");
        if (e.AnsweredAt is { } a3 && e.EndedAt is { } en3 && en3 < a3) errors.Add("endedAt", "endedAt is before answeredAt.");
        if (e.DurationSeconds is { } dur && (dur < 0 || dur >= MaxDuration.TotalSeconds))
            errors.Add("durationSeconds", $"durationSeconds must be between 0 and {MaxDuration.TotalSeconds - 1:0} (under 7 days); got {dur}.");

        ValidateAttachments(errors, e, now);
        return errors.Result();
    }

    private static void ValidateAttachments(Errors errors, CallEvent e, DateTimeOffset now)
    {
        if (e.Type == CallEventType.CallLogged && e.Report is null) errors.Add("report", "report is required for call.logged: give outcome, summary or fields.");
        if (e.Type == CallEventType.CrmActivity && e.Crm is null) errors.Add("crm", "crm is required for crm.activity.");
        if (e.Type == CallEventType.RecordingCompleted && e.Recording is null) errors.Add("recording", "recording details are required for a recording callback.");
        var attachedType = e.Type is CallEventType.RecordingAttached or CallEventType.TranscriptAttached;
        if (attachedType && e.Attachment is null) errors.Add("attachment", "attachment details are required for an attached recording or transcript.");
        if (!attachedType && e.Attachment is not null) errors.Add("attachment", "attachment details belong only to an attached recording or transcript.");
        if (e.Attachment is { } att)
        {
            if (!Enum.IsDefined(att.State)) errors.Add("attachment.state", "attachment state must be available or unreadable.");
            if (att.State == AttachedBlobState.Unreadable && e.Type == CallEventType.RecordingAttached) errors.Add("attachment.state", "only transcripts can be unreadable.");
            if (string.IsNullOrEmpty(att.Container) || string.IsNullOrEmpty(att.BlobName)) errors.Add("attachment.blob", "the attached blob's container and name are required.");
            Text(errors, "attachment.container", att.Container, MaxShortTextLength);
            Text(errors, "attachment.blobName", att.BlobName, MaxLongTextLength);
            Text(errors, "attachment.etag", att.ETag, MaxShortTextLength);
            Text(errors, "attachment.language", att.Language, MaxShortTextLength);
            Text(errors, "attachment.unreadableReason", att.UnreadableReason, MaxLongTextLength);
            if (att.WordCount is < 0) errors.Add("attachment.wordCount", "word count must not be negative.");
            Timestamp(errors, "attachment.arrivedAt", att.ArrivedAt, now);
        }

        if (e.Report is { } r)
        {
            Text(errors, "outcome", r.Outcome, MaxShortTextLength);
            Text(errors, "summary", r.Summary, MaxSummaryLength);
            Fields(errors, "fields", r.Fields);
        }
        if (e.Crm is { } c)
        {
            if (string.IsNullOrWhiteSpace(c.System)) errors.Add("crm.system", "crm.system is required.");
            Text(errors, "crm.system", c.System, MaxShortTextLength);
            Text(errors, "crm.recordId", c.RecordId, MaxShortTextLength);
            if (c.Kind is not ("note" or "task" or "fieldUpdate")) errors.Add("crm.kind", $"crm.kind must be note, task or fieldUpdate; got '{Clip(c.Kind)}'.");
            Text(errors, "crm.error", c.Error, MaxLongTextLength);
            Fields(errors, "crm.sent", c.Sent);
            Fields(errors, "crm.observed", c.Observed);
        }
        if (e.Recording is { } rec)
        {
            if (string.IsNullOrWhiteSpace(rec.RecordingId)) errors.Add("recording.id", "the recording id is required.");
            Text(errors, "recording.id", rec.RecordingId, MaxShortTextLength);
            Text(errors, "recording.url", rec.Url, MaxLongTextLength);
            if (rec.DurationSeconds is { } rd && (rd < 0 || rd >= MaxDuration.TotalSeconds)) errors.Add("recording.durationSeconds", "recording duration must be between 0 and 7 days.");
            if (rec.Channels is { } ch && (ch < 1 || ch > 32)) errors.Add("recording.channels", "recording channels must be between 1 and 32.");
        }
    }

    private static void Fields(Errors errors, string name, IReadOnlyDictionary<string, CallFieldValue>? fields)
    {
        if (fields is null) return;
        if (fields.Count > MaxFields) errors.Add(name, $"{name} holds {fields.Count} values; at most {MaxFields} are kept.");
        foreach (var (key, value) in fields)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Length > MaxShortTextLength) errors.Add(name, $"{name} has a name that is empty or longer than {MaxShortTextLength} characters.");
            var set = (value.Text is null ? 0 : 1) + (value.Number is null ? 0 : 1) + (value.Flag is null ? 0 : 1) + (value.Date is null ? 0 : 1);
            if (set != 1) errors.Add($"{name}.{Clip(key)}", "each value must be exactly one of text, number, boolean or date.");
            if (value.Text is { Length: > MaxSummaryLength }) errors.Add($"{name}.{Clip(key)}", $"text values are limited to {MaxSummaryLength} characters.");
            if (value.Number is { } n && !double.IsFinite(n)) errors.Add($"{name}.{Clip(key)}", "numbers must be finite.");
        }
    }

    private static void RequiredId(Errors errors, string name, string? value)
    {
        if (string.IsNullOrEmpty(value)) { errors.Add(name, $"{name} is required."); return; }
        KeyText(errors, name, value, MaxIdLength);
    }

    private static void OptionalId(Errors errors, string name, string? value)
    {
        if (value is null) return;
        if (value.Length == 0) { errors.Add(name, $"{name} must not be empty when given; leave it out instead."); return; }
        KeyText(errors, name, value, MaxIdLength);
    }

    private static void OptionalKeyText(Errors errors, string name, string? value, int max)
    {
        if (string.IsNullOrEmpty(value)) return;
        KeyText(errors, name, value, max);
    }

    /// <summary>
    /// The id rules of <see cref="Validate(CallEvent, TimeProvider)"/> for one id taken from somewhere other than an
    /// event (a blob name, a route): present, at most <see cref="MaxIdLength"/> characters, and none of the characters
    /// Table Storage keys forbid. Lets the edge reject such an id up front, with the same words, instead of
    /// <see cref="CallIngestor.IngestAsync"/> refusing the event later.
    /// </summary>
    /// <param name="id">The id to check.</param>
    /// <param name="name">What to call it in the message (e.g. <c>call id</c>).</param>
    /// <returns>Null when the id is acceptable; otherwise what is wrong with it, as a sentence naming <paramref name="name"/>.</returns>
    public static string? IdProblem(string? id, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (string.IsNullOrEmpty(id)) return $"{name} is required.";
        var problems = KeyProblems(name, id, MaxIdLength).ToArray();
        return problems.Length == 0 ? null : string.Join(" ", problems);
    }

    private static void KeyText(Errors errors, string name, string value, int max)
    {
        foreach (var problem in KeyProblems(name, value, max)) errors.Add(name, problem);
    }

    /// <summary>Table Storage keys may not contain / \ # ? nor control characters U+0000-001F and U+007F-009F.</summary>
    private static IEnumerable<string> KeyProblems(string name, string value, int max)
    {
        if (value.Length > max) yield return $"{name} is {value.Length} characters long; at most {max} are allowed.";
        var bad = value.IndexOfAny(['/', '\\', '#', '?']);
        if (bad < 0) bad = IndexOfControl(value);
        if (bad >= 0)
            yield return $"{name} contains {Describe(value[bad])} at position {bad}; ids may not contain '/', '\\', '#', '?' or control characters.";
    }

    private static void Text(Errors errors, string name, string? value, int max)
    {
        if (value is null) return;
        if (value.Length > max) errors.Add(name, $"{name} is {value.Length} characters long; at most {max} are allowed.");
    }

    // now: the server time for the upper bound; null when the time is not a sender's to get wrong.
    private static void Timestamp(Errors errors, string name, DateTimeOffset value, DateTimeOffset? now)
    {
        if (value < Earliest) errors.Add(name, $"{name} {Iso(value)} is before 2000-01-01; send the real time of the event.");
        else if (now is { } n && value > n + FutureTolerance) errors.Add(name, $"{name} {Iso(value)} is more than a day in the future (server time {Iso(n)}).");
    }

    private static int IndexOfControl(string s)
    {
        for (var i = 0; i < s.Length; i++)
            if (s[i] <= '\u001F' || (s[i] >= '\u007F' && s[i] <= '\u009F')) return i;
        return -1;
    }

    private static string Describe(char c) => char.IsControl(c) ? $"control character U+{(int)c:X4}" : $"'{c}'";
    private static string Iso(DateTimeOffset d) => d.ToString("O", CultureInfo.InvariantCulture);
    private static string Clip(string? s) => s is null ? "" : s.Length <= 40 ? s : s[..40] + "…";

    private sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _byField = new(StringComparer.Ordinal);
        public void Add(string field, string message)
        {
            if (!_byField.TryGetValue(field, out var list)) _byField[field] = list = [];
            if (!list.Contains(message)) list.Add(message);
        }
        public IReadOnlyDictionary<string, string[]> Result() => _byField.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }
}
