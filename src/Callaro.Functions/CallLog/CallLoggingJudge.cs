using Callaro.Core.Attachments;
using Callaro.Core.Calls;
using Callaro.Core.Settings;
using Callaro.Functions.Settings;

namespace Callaro.Functions.CallLog;

/// <summary>
/// "Was everything logged?" for one call, as the call detail page and <c>GET /api/calls/{callId}</c> show it: the
/// call's campaign settings (<see cref="CampaignSettingsStore.GetForCallAsync"/>, cached there), the clock, and the
/// recording and transcript blobs attached to it, judged by the one rule in <see cref="AttachmentStates.Evaluate(CallRecord, CampaignSettings, DateTimeOffset, AttachmentArrivals?)"/>.
/// </summary>
/// <param name="campaigns">Campaign settings.</param>
/// <param name="clock">"Now" for the grace periods.</param>
/// <param name="attachments">Where blob-triggered attachments are kept; absent in hosts without attachments, where only the record counts.</param>
public sealed class CallLoggingJudge(CampaignSettingsStore campaigns, TimeProvider clock, AttachmentStore? attachments = null)
{
    /// <summary>Judges <paramref name="record"/> now, reading its attachments unless the caller already has them.</summary>
    /// <param name="record">The call.</param>
    /// <param name="attached">The call's attachments when already read (saves a storage read); null reads them.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    public async Task<CallCompletenessView> JudgeAsync(CallRecord record, CallAttachments? attached = null, CancellationToken cancellationToken = default)
    {
        // Two independent reads (the settings usually from the store's cache): in parallel.
        var settings = campaigns.GetForCallAsync(record.WorkspaceId, record.CampaignId, cancellationToken);
        var arrived = attached is not null ? Task.FromResult(attached)
            : attachments is null ? Task.FromResult(CallAttachments.None)
            : attachments.GetAsync(record.WorkspaceId, record.CallId, cancellationToken);
        await Task.WhenAll(settings, arrived);
        return CallCompletenessView.From(AttachmentStates.Evaluate(record, await settings, clock.GetUtcNow(), await arrived));
    }
}
