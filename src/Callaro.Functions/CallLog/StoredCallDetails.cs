using System.Globalization;
using System.Text.Json;
using Callaro.Core.Attachments;
using Callaro.Core;
using Callaro.Core.CallLog;
using Callaro.Core.Calls;
using Callaro.Core.Workspaces;
using Callaro.Functions.Settings;
using Azure.Data.Tables;

namespace Callaro.Functions.CallLog;

/// <summary>
/// Calls for the detail and deal pages from the stored records: a call through the call-id index (two
/// point reads), a deal through its <c>dealcalls</c> hints, each confirmed against the call's record. A call's detail
/// also says what was logged for it (<see cref="CallLoggingJudge"/>), when a judge is registered.
/// </summary>
public sealed class StoredCallDetails(CallRecordReader records, TableServiceClient service, StorageNames names, AttachmentStore? attachments = null,
    CallLoggingJudge? logging = null, MissedCallFollowUps? followUps = null, IWorkspaceTimeZoneSource? zones = null) : ICallDetails
{
    private static readonly JsonSerializerOptions TranscriptJson = new(JsonSerializerDefaults.Web);

    /// <summary>The most calls a deal timeline shows.</summary>
    public const int MaxDealCalls = 100;

    private readonly TableClient _dealCalls = service.GetTableClient(names.DealCallsTable);

    public async Task<CallDetailView?> GetCallAsync(string workspace, string callId, CancellationToken cancellationToken = default)
    {
        if (await records.GetAsync(workspace, callId, cancellationToken) is not { } record) return null;
        // One read of the attachments serves both the recording/transcript sections and the logging states.
        var attached = await ReadAttachmentsAsync(record.WorkspaceId, record.CallId, cancellationToken);
        var view = await WithAttachmentsAsync(ToView(record), attached, withTranscript: true, cancellationToken);
        if (followUps is not null && zones is not null && record.IsAlert)
        {
            var zone = await zones.GetReportingTimeZoneAsync(workspace, cancellationToken);
            var decided = await followUps.DecideAsync(workspace, zone, [CallLogItem.Of(record)], cancellationToken: cancellationToken);
            view = view with { FollowUp = decided.GetValueOrDefault(record.CallId) };
        }
        return logging is null ? view : view with { Logging = await logging.JudgeAsync(record, attached, cancellationToken) };
    }

    private async Task<CallAttachments> ReadAttachmentsAsync(string workspace, string callId, CancellationToken cancellationToken) =>
        attachments is null ? CallAttachments.None : await attachments.GetAsync(workspace, callId, cancellationToken);

    // Recording and transcript live with the attachments (blob triggers), not on the record.
    private async Task<CallDetailView> WithAttachmentsAsync(CallDetailView view, CallAttachments attached, bool withTranscript, CancellationToken cancellationToken)
    {
        if (attachments is null) return view;
        view = WithAttachments(view, attached);
        if (withTranscript && attached.Transcript is { IsReadable: true } t && await attachments.GetTranscriptTextAsync(t, cancellationToken) is { } text)
            view = view with
            {
                Transcript = view.Transcript! with
                {
                    Turns = (text.ToObjectFromJson<TranscriptDocument>(TranscriptJson)?.Segments ?? [])
                        .Select(segment => new CallTranscriptTurn(segment.Speaker, segment.Start, segment.Text)).ToList(),
                },
            };
        return view;
    }

    /// <summary>The view with what arrived for the call: the recording file's details and the transcript's summary (without its turns).</summary>
    public static CallDetailView WithAttachments(CallDetailView view, CallAttachments attached)
    {
        if (attached.Recording is { } r)
            view = view with { Recording = new CallRecordingView(true, r.ContentType, r.DurationSeconds, r.SizeBytes, r.Channels, r.AttachedAt) };
        if (attached.Transcript is { } t)
            view = view with
            {
                Transcript = t.IsReadable
                    ? new CallTranscriptView("logged", t.Language, t.WordCount, t.Preview, [], null, ArrivedAt: t.AttachedAt)
                    : new CallTranscriptView("unreadable", null, null, null, [], TranscriptProblems.Sentence(t.Problem), t.UnreadableReason, t.AttachedAt),
            };
        return view;
    }

    public async Task<IReadOnlyList<CallDetailView>> GetDealCallsAsync(string workspace, string dealId, CancellationToken cancellationToken = default)
    {
        var prefix = CallTableKeys.DealRowPrefix(dealId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {workspace} and RowKey ge {prefix} and RowKey lt {CallTableKeys.PrefixEnd(prefix)}");
        var callIds = new List<string>();
        await foreach (var hint in _dealCalls.QueryAsync<TableEntity>(filter, maxPerPage: MaxDealCalls, select: ["CallId"], cancellationToken: cancellationToken))
        {
            if (hint.GetString("CallId") is { } id && !callIds.Contains(id)) callIds.Add(id);
            if (callIds.Count == MaxDealCalls) break;
        }
        // Hints may be stale (a call moved to another deal): keep only calls whose record still names the deal.
        var calls = await Task.WhenAll(callIds.Select(id => records.GetAsync(workspace, id, cancellationToken)));
        var views = calls.OfType<CallRecord>().Where(r => r.DealId == dealId).OrderByDescending(r => r.StartedAt).Select(ToView);
        return await Task.WhenAll(views.Select(async v =>
            await WithAttachmentsAsync(v, await ReadAttachmentsAsync(v.Workspace, v.CallId, cancellationToken), withTranscript: false, cancellationToken)));
    }

    public static CallDetailView ToView(CallRecord r) => new()
    {
        CallId = r.CallId,
        Workspace = r.WorkspaceId,
        CampaignId = r.CampaignId,
        DealId = r.DealId,
        OperatorId = r.OperatorId,
        Direction = r.Direction?.ToString().ToLowerInvariant(),
        Caller = r.Caller,
        Callee = r.Callee,
        Status = r.Status?.ToString().ToLowerInvariant() ?? "unknown",
        ProviderStatus = r.ProviderStatus,
        Provider = r.Source,
        StartedAt = r.StartedAt == DateTimeOffset.MinValue ? null : r.StartedAt,
        AnsweredAt = r.AnsweredAt,
        EndedAt = r.EndedAt,
        DurationSeconds = r.DurationSeconds,
        FailureReason = r.FailureReason,
        Reason = r.Status is { } status ? MissedCallReason.Describe(status, r.ProviderStatus, r.FailureReason) : null,
        RingSeconds = r.IsAlert ? CallLogItem.Of(r).RingSeconds : null,
        History = r.History.OrderBy(h => h.OccurredAt).Select(h => new CallHistoryView(EventWord(h.Type), h.OccurredAt, h.ReceivedAt, h.Source)).ToList(),
        Outcome = r.Report?.Outcome,
        Summary = r.Report?.Summary,
        Fields = Pairs(r.Report?.Fields),
        Recording = r.Recording is { } rec ? new CallRecordingView(false, null, rec.DurationSeconds, null, rec.Channels, null) : null,
        Crm = r.CrmActivities.Select(c => new CallCrmView(c.Activity.System, c.Activity.RecordId, c.Activity.Kind, c.Activity.Succeeded, c.Activity.Error,
            Pairs(c.Activity.Sent), Pairs(c.Activity.Observed))).ToList(),
    };

    private static string EventWord(CallEventType type) => type switch
    {
        CallEventType.CallLogged => "call.logged",
        CallEventType.CrmActivity => "crm.activity",
        CallEventType.RecordingCompleted => "recording.completed",
        CallEventType.RecordingAttached => "recording.attached",
        CallEventType.TranscriptAttached => "transcript.attached",
        _ => "call." + type.ToString().ToLowerInvariant(),
    };

    private static IReadOnlyList<KeyValuePair<string, string>> Pairs(IReadOnlyDictionary<string, CallFieldValue>? fields) =>
        fields is null ? [] : fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => KeyValuePair.Create(f.Key, Text(f.Value))).ToList();

    private static string Text(CallFieldValue v) =>
        v.Text ?? v.Number?.ToString(CultureInfo.InvariantCulture) ?? v.Flag?.ToString().ToLowerInvariant() ?? v.Date?.ToString("O", CultureInfo.InvariantCulture) ?? "";
}

/// <summary>Workspace time zone and locale from <see cref="WorkspaceSettingsStore"/> (cached there).</summary>
public sealed class StoredWorkspaceDefaults(WorkspaceSettingsStore store) : ICallLogWorkspaceDefaults
{
    public async Task<CallLogWorkspaceDefaults> GetAsync(string workspace, CancellationToken cancellationToken = default)
    {
        var settings = await store.GetAsync(workspace, cancellationToken);
        return new CallLogWorkspaceDefaults(CallLogFormat.FindZone(settings.ReportingTimeZone) ?? TimeZoneInfo.Utc, settings.DefaultLocale);
    }
}
