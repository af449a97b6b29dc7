using Callaro.Core.Attachments;

namespace Callaro.Core.Health;

/// <summary>Orphans from the attachment store: blobs still pending for a call that never arrived.</summary>
public sealed class PendingAttachmentOrphans(AttachmentStore attachments) : IOrphanAttachmentSource
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<OrphanAttachment>> GetOrphansAsync(string workspaceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var orphans = new List<OrphanAttachment>();
        await foreach (var pending in attachments.ListPendingAsync(to, cancellationToken))
        {
            if (pending.WorkspaceId == workspaceId && pending.FirstSeenAt >= from)
            {
                orphans.Add(new OrphanAttachment($"{pending.Container}/{pending.BlobName}", pending.CallId, pending.FirstSeenAt));
            }
        }
        return orphans;
    }
}
