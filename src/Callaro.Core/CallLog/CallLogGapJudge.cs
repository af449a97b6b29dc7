using Callaro.Core.Settings;

namespace Callaro.Core.CallLog;

/// <summary>
/// Judges what the storage query cannot: whether a listed call's logging is incomplete. That depends on the campaign's
/// settings and the clock at read time, so it is decided on rows already read, from the facts each row carries.
/// </summary>
public interface ICallLogGapJudge
{
    /// <summary>True when the call's logging has a gap now; false for rows that carry no facts.</summary>
    /// <exception cref="Azure.RequestFailedException">Storage failed (reading campaign settings).</exception>
    Task<bool> HasGapsAsync(string workspace, CallLogItem item, CancellationToken cancellationToken = default);
}

/// <summary>
/// <see cref="ICallLogGapJudge"/> by the one rule the call page shows (<see cref="AttachmentStates.HasGaps"/>), with the
/// campaign settings of <see cref="CampaignSettingsStore.GetForCallAsync"/> (cached there, so a page costs a few reads).
/// </summary>
public sealed class CampaignGapJudge(CampaignSettingsStore campaigns, TimeProvider clock) : ICallLogGapJudge
{
    /// <inheritdoc />
    public async Task<bool> HasGapsAsync(string workspace, CallLogItem item, CancellationToken cancellationToken = default) =>
        item.Logging is { } facts
        && AttachmentStates.HasGaps(facts, await campaigns.GetForCallAsync(workspace, item.CampaignId, cancellationToken).ConfigureAwait(false), clock.GetUtcNow());
}
