using Callaro.Core.Attachments;
using Callaro.Core.Calls;

namespace Callaro.Core.Settings;

/// <summary>Where one expected piece of a call's log stands.</summary>
public enum AttachmentState
{
    /// <summary>It arrived (and, for a transcript, could be read).</summary>
    Logged,
    /// <summary>Not here yet, but still within its grace period after the call ended (or the call has not ended).</summary>
    Pending,
    /// <summary>Not here, and its grace period after the call ended has passed.</summary>
    Missing,
    /// <summary>The campaign does not enable it, so nothing is expected.</summary>
    NotEnabled,
    /// <summary>A transcript arrived but could not be read (bad JSON, wrong encoding...); the reason says why.</summary>
    Unreadable,
    /// <summary>
    /// Enabled, but the call never connected (missed, or failed before an answer): there was no conversation to
    /// record, transcribe, summarise or sync. Kept apart from <see cref="Missing"/> so unanswered calls do not
    /// count as logging gaps.
    /// </summary>
    NotExpected,
}

/// <summary>One attachment's state.</summary>
/// <param name="State">Where it stands.</param>
/// <param name="PendingUntil">When its grace period ends (call end + grace), once the call has ended; null otherwise.</param>
/// <param name="Reason">For anything but <see cref="AttachmentState.Logged"/>: why, in words a manager can act on.</param>
public sealed record AttachmentStatus(AttachmentState State, DateTimeOffset? PendingUntil = null, string? Reason = null);

/// <summary>One field's state and owner.</summary>
/// <param name="Name">The field name.</param>
/// <param name="Expected">Whether the campaign lists it in <see cref="CampaignSettings.ExpectedFields"/>.</param>
/// <param name="Owner">Which system owns its value (<see cref="CampaignSettings.SourceOfTruth"/>).</param>
/// <param name="State">Where it stands.</param>
/// <param name="Value">The value to show: from the owner when it reported one, else from the other system.</param>
/// <param name="PendingUntil">When its grace period ends, once the call has ended.</param>
/// <param name="Reason">Why it is not logged, when it is not.</param>
public sealed record FieldStatus(string Name, bool Expected, FieldOwner Owner, AttachmentState State, CallFieldValue? Value, DateTimeOffset? PendingUntil = null, string? Reason = null);

/// <summary>Everything expected of one call, judged at one moment.</summary>
/// <param name="OutcomeAndSummary">The end-of-call report: logged when both outcome and summary are.</param>
/// <param name="Transcript">The transcript.</param>
/// <param name="Recording">The recording (a provider's recording callback or a blob).</param>
/// <param name="CrmActivity">CRM activity: logged when at least one CRM write succeeded.</param>
/// <param name="Fields">The expected fields in the campaign's order, then any other captured fields by name.</param>
public sealed record CallCompleteness(
    AttachmentStatus OutcomeAndSummary, AttachmentStatus Transcript, AttachmentStatus Recording, AttachmentStatus CrmActivity, IReadOnlyList<FieldStatus> Fields);

/// <summary>
/// What arrived for a call by blob trigger. Recordings and transcripts from Blob Storage are kept apart from the
/// call record, so whoever reads them passes them in here; a provider's recording callback is on the record itself.
/// </summary>
/// <param name="RecordingAttached">A recording blob is attached.</param>
/// <param name="TranscriptAttached">A transcript blob is attached (readable or not).</param>
/// <param name="TranscriptUnreadableReason">Set when the attached transcript could not be read: why, in a sentence a manager understands.</param>
public sealed record AttachmentArrivals(bool RecordingAttached = false, bool TranscriptAttached = false, string? TranscriptUnreadableReason = null)
{
    /// <summary>Nothing arrived by blob trigger.</summary>
    public static AttachmentArrivals None { get; } = new();

    /// <summary>What <see cref="AttachmentStore.GetAsync"/> found for the call.</summary>
    public static AttachmentArrivals From(CallAttachments attachments) => new(
        attachments.Recording is not null,
        attachments.Transcript is not null,
        attachments.Transcript is { IsReadable: false } t ? TranscriptProblems.Sentence(t.Problem) : null);
}

/// <summary>
/// The one rule for "was everything logged?", shared by the call detail page, the API and the health report.
/// Pure: the same record, settings, arrivals and moment always give the same answer.
/// </summary>
public static class AttachmentStates
{
    /// <summary>
    /// Judges each expected piece of <paramref name="record"/> at <paramref name="now"/>. For each piece, the first
    /// rule that applies decides:
    /// <list type="number">
    /// <item>it arrived: <see cref="AttachmentState.Logged"/> (a transcript that cannot be read: <see cref="AttachmentState.Unreadable"/>) — even when not enabled, so nothing that arrived is hidden;</item>
    /// <item>the campaign does not enable it: <see cref="AttachmentState.NotEnabled"/>;</item>
    /// <item>the call's status events have not arrived, or it has not ended: <see cref="AttachmentState.Pending"/> (no deadline yet);</item>
    /// <item>the call never connected (missed, or failed without an answer): <see cref="AttachmentState.NotExpected"/>;</item>
    /// <item><paramref name="now"/> is before call end + grace: <see cref="AttachmentState.Pending"/>; at or after it: <see cref="AttachmentState.Missing"/>.</item>
    /// </list>
    /// Fields: a field is logged when the report or a CRM activity holds a non-blank value for it; Callaro-owned fields
    /// need logging enabled and use the report's grace, CRM-owned fields are also enabled by a connected CRM and then
    /// use the CRM grace.
    /// </summary>
    /// <param name="record">The call.</param>
    /// <param name="settings">Its campaign's settings (<see cref="CampaignSettings.Default"/> for calls without one).</param>
    /// <param name="now">The moment to judge at.</param>
    /// <param name="arrivals">Recording and transcript blobs attached to the call; none when null.</param>
    public static CallCompleteness Evaluate(CallRecord record, CampaignSettings settings, DateTimeOffset now, AttachmentArrivals? arrivals = null)
    {
        arrivals ??= AttachmentArrivals.None;
        var call = new CallTiming(record.Status, record.StartedAt, record.AnsweredAt, record.EndedAt, now);

        var report = record.Report;
        var hasOutcome = !string.IsNullOrWhiteSpace(report?.Outcome);
        var hasSummary = !string.IsNullOrWhiteSpace(report?.Summary);
        var outcome = hasOutcome && hasSummary
            ? Logged
            : call.Judge(settings.LoggingEnabled, settings.ReportGrace, "outcome and summary",
                report is null ? null : hasOutcome ? "the report has no summary" : hasSummary ? "the report has no outcome" : "the report has neither outcome nor summary");

        var transcript = arrivals.TranscriptAttached
            ? arrivals.TranscriptUnreadableReason is { } why ? new AttachmentStatus(AttachmentState.Unreadable, Reason: why) : Logged
            : call.Judge(settings.TranscriptionEnabled, settings.TranscriptGrace, "transcript");

        var recording = arrivals.RecordingAttached || record.Recording is not null
            ? Logged
            : call.Judge(settings.RecordingEnabled, settings.RecordingGrace, "recording");

        var failed = record.CrmActivities.LastOrDefault(a => !a.Activity.Succeeded);
        var crm = record.CrmActivities.Any(a => a.Activity.Succeeded)
            ? Logged
            : call.Judge(settings.CrmConnected, settings.CrmGrace, "CRM activity",
                failed is null ? null : $"the last CRM write to {failed.Activity.System} failed: {failed.Activity.Error ?? "no error given"}");

        return new CallCompleteness(outcome, transcript, recording, crm, Fields(record, settings, call));
    }

    /// <summary>
    /// <see cref="Evaluate(CallRecord, CampaignSettings, DateTimeOffset, AttachmentArrivals?)"/> with the recording and
    /// transcript that <see cref="AttachmentStore.GetAsync"/> read for the call.
    /// </summary>
    /// <param name="record">The call.</param>
    /// <param name="settings">Its campaign's settings.</param>
    /// <param name="now">The moment to judge at.</param>
    /// <param name="attachments">The call's attachments.</param>
    public static CallCompleteness Evaluate(CallRecord record, CampaignSettings settings, DateTimeOffset now, CallAttachments attachments) =>
        Evaluate(record, settings, now, AttachmentArrivals.From(attachments));

    /// <summary>
    /// True when, judged as <see cref="Evaluate(CallRecord, CampaignSettings, DateTimeOffset, AttachmentArrivals?)"/> judges
    /// the call these facts describe, any piece or expected field is <see cref="AttachmentState.Missing"/> or
    /// <see cref="AttachmentState.Unreadable"/>: the call's logging is incomplete. Pending pieces are not gaps yet.
    /// </summary>
    /// <param name="facts">What arrived for the call.</param>
    /// <param name="settings">Its campaign's settings (<see cref="CampaignSettings.CallOnly"/> for calls without one).</param>
    /// <param name="now">The moment to judge at.</param>
    public static bool HasGaps(LoggingFacts facts, CampaignSettings settings, DateTimeOffset now)
    {
        var call = new CallTiming(facts.Status, facts.StartedAt, facts.AnsweredAt, facts.EndedAt, now);
        static bool Gap(AttachmentStatus s) => s.State is AttachmentState.Missing or AttachmentState.Unreadable;
        if (facts.TranscriptUnreadable) return true;
        if (!facts.Report && Gap(call.Judge(settings.LoggingEnabled, settings.ReportGrace, "outcome and summary"))) return true;
        if (!facts.Transcript && Gap(call.Judge(settings.TranscriptionEnabled, settings.TranscriptGrace, "transcript"))) return true;
        if (!facts.Recording && Gap(call.Judge(settings.RecordingEnabled, settings.RecordingGrace, "recording"))) return true;
        if (!facts.Crm && Gap(call.Judge(settings.CrmConnected, settings.CrmGrace, "CRM activity"))) return true;
        return settings.ExpectedFields.Where(f => !facts.Fields.Contains(f)).Any(name =>
        {
            var byCrm = settings.OwnerOf(name) == FieldOwner.Crm && settings.CrmConnected;
            return Gap(call.Judge(settings.LoggingEnabled || byCrm, byCrm ? settings.CrmGrace : settings.ReportGrace, $"field '{name}'"));
        });
    }

    private static readonly AttachmentStatus Logged = new(AttachmentState.Logged);

    private static List<FieldStatus> Fields(CallRecord record, CampaignSettings settings, CallTiming call)
    {
        var reported = record.Report?.Fields ?? new Dictionary<string, CallFieldValue>();
        // Canonical order, so the latest CRM activity is last; the read-back value beats what was sent.
        var crmValues = new Dictionary<string, CallFieldValue>(StringComparer.Ordinal);
        foreach (var entry in record.CrmActivities.Where(a => a.Activity.Succeeded))
        {
            foreach (var (name, value) in entry.Activity.Sent ?? new Dictionary<string, CallFieldValue>())
                if (HasValue(value)) crmValues[name] = value;
            foreach (var (name, value) in entry.Activity.Observed ?? new Dictionary<string, CallFieldValue>())
                if (HasValue(value)) crmValues[name] = value;
        }

        var expected = new HashSet<string>(settings.ExpectedFields, StringComparer.Ordinal);
        var others = reported.Where(p => HasValue(p.Value)).Select(p => p.Key)
            .Concat(crmValues.Keys)
            .Where(n => !expected.Contains(n))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

        var fields = new List<FieldStatus>();
        foreach (var name in settings.ExpectedFields.Concat(others))
        {
            var owner = settings.OwnerOf(name);
            var fromReport = reported.TryGetValue(name, out var r) && HasValue(r) ? r : null;
            var fromCrm = crmValues.GetValueOrDefault(name);
            var value = owner == FieldOwner.Crm ? fromCrm ?? fromReport : fromReport ?? fromCrm;
            if (value is not null)
            {
                fields.Add(new FieldStatus(name, expected.Contains(name), owner, AttachmentState.Logged, value));
                continue;
            }

            var byCrm = owner == FieldOwner.Crm && settings.CrmConnected;
            var status = call.Judge(settings.LoggingEnabled || byCrm, byCrm ? settings.CrmGrace : settings.ReportGrace, $"field '{name}'");
            fields.Add(new FieldStatus(name, true, owner, status.State, null, status.PendingUntil, status.Reason));
        }
        return fields;
    }

    /// <summary>A field value counts as logged when it is not blank.</summary>
    internal static bool HasValue(CallFieldValue? v) =>
        v is not null && (v.Number is not null || v.Flag is not null || v.Date is not null || !string.IsNullOrWhiteSpace(v.Text));

    /// <summary>The call's end and whether it connected, which decide every absent piece's state.</summary>
    private readonly struct CallTiming(CallStatus? status, DateTimeOffset startedAt, DateTimeOffset? answeredAt, DateTimeOffset? endedAt, DateTimeOffset now)
    {
        public AttachmentStatus Judge(bool enabled, TimeSpan grace, string what, string? detail = null)
        {
            if (!enabled)
                return new(AttachmentState.NotEnabled, Reason: $"The campaign does not enable {Subject(what)}.");
            if (status is null)
                return new(AttachmentState.Pending, Reason: $"The call's own status events have not arrived yet; {what} is expected after the call ends.");
            if (status is CallStatus.Missed or CallStatus.Failed && answeredAt is null)
                return new(AttachmentState.NotExpected, Reason: $"The call was {status.Value.ToString().ToLowerInvariant()} and never connected, so no {what} is expected.");

            DateTimeOffset? ended = status is CallStatus.Ringing or CallStatus.Answered ? null : endedAt ?? startedAt;
            if (ended is not { } end)
                return new(AttachmentState.Pending, Reason: $"The call is still in progress; {what} is expected within {Minutes(grace)} after it ends.");

            var due = end + grace;
            var suffix = detail is null ? "" : $" ({detail})";
            return now < due
                ? new(AttachmentState.Pending, due, $"Not logged yet{suffix}; {what} may arrive until {due:u} ({Minutes(grace)} after the call ended).")
                : new(AttachmentState.Missing, due, $"Not logged{suffix}: {what} was expected by {due:u} ({Minutes(grace)} after the call ended). Check the sender's delivery for this call.");
        }

        private static string Subject(string what) => what.StartsWith("field", StringComparison.Ordinal) ? "end-of-call logging for this field" : what;

        private static string Minutes(TimeSpan grace) => grace.TotalMinutes == 1 ? "1 minute" : $"{grace.TotalMinutes:0} minutes";
    }
}
