using Azure;
using Azure.Storage.Blobs;
using Callaro.Core.Attachments;
using Callaro.Functions.Configuration;
using Microsoft.Azure.Functions.Worker;

namespace Callaro.Functions.Attachments;

/// <summary>
/// Recordings and transcripts dropped into their containers are attached to their calls, whichever arrives first
/// (docs/attachments.md). The worker binds a <see cref="BlobClient"/>: no content travels through the host, the
/// processor reads what it needs (a WAV header, a transcript) from storage. A failure (storage trouble) fails the
/// invocation, and the host retries it; a blob whose name names no call is listed as an attachment issue and
/// succeeds, because retrying cannot fix a name.
/// </summary>
public sealed class AttachmentTriggers(AttachmentProcessor processor, ILogger<AttachmentTriggers> logger)
{
    /// <summary>The app setting (or setting prefix, for identity-based connections) of the storage account the triggers watch.</summary>
    public const string Connection = "CallaroStorage";

    [Function("RecordingBlobTrigger")]
    public async Task Recording(
        [BlobTrigger("%" + BlobTriggerContainers.RecordingsSetting + "%/{name}", Source = BlobTriggerSource.EventGrid, Connection = Connection)] BlobClient blob,
        CancellationToken cancellationToken)
    {
        if (await DescribeAsync(blob, cancellationToken) is { } triggered)
        {
            Report(await processor.ProcessRecordingAsync(triggered, null, cancellationToken), triggered);
        }
    }

    [Function("TranscriptBlobTrigger")]
    public async Task Transcript(
        [BlobTrigger("%" + BlobTriggerContainers.TranscriptsSetting + "%/{name}", Source = BlobTriggerSource.EventGrid, Connection = Connection)] BlobClient blob,
        CancellationToken cancellationToken)
    {
        if (await DescribeAsync(blob, cancellationToken) is { } triggered)
        {
            Report(await processor.ProcessTranscriptAsync(triggered, null, cancellationToken), triggered);
        }
    }

    /// <returns>The version that triggered, or null when the blob is gone again (nothing to attach; retrying cannot help).</returns>
    private async Task<TriggeredBlob?> DescribeAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return new TriggeredBlob(blob.BlobContainerName, blob.Name,
                new BlobVersion(properties.ETag.ToString().Trim('"'), properties.LastModified, properties.VersionId),
                properties.ContentLength, properties.ContentType, new Dictionary<string, string>(properties.Metadata, StringComparer.OrdinalIgnoreCase));
        }
        catch (RequestFailedException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            logger.LogWarning("Blob {Container}/{Blob} was deleted before it could be attached; nothing to do.", blob.BlobContainerName, blob.Name);
            return null;
        }
    }

    private void Report(ProcessedBlob processed, TriggeredBlob blob)
    {
        if (processed.IsRejected)
        {
            logger.LogWarning("Ignored {Container}/{Blob}: {Reason} Listed as an attachment issue for the health report.", blob.Container, blob.Name, processed.RejectedReason);
            return;
        }

        var name = processed.Name!;
        var kind = AttachmentStore.KindWord(name.Kind);
        switch (processed.Attach!.Outcome)
        {
            case AttachOutcome.Attached when processed.Attach.CallKnown == false:
                logger.LogInformation("Kept {Kind} {Container}/{Blob} as pending: call '{CallId}' in workspace '{Workspace}' has no events yet.",
                    kind, blob.Container, blob.Name, name.CallId, name.WorkspaceId);
                break;
            case AttachOutcome.Attached:
                logger.LogInformation("Attached {Kind} {Container}/{Blob} to call '{CallId}' in workspace '{Workspace}'.",
                    kind, blob.Container, blob.Name, name.CallId, name.WorkspaceId);
                break;
            case AttachOutcome.AlreadyAttached:
                logger.LogInformation("{Container}/{Blob} version {ETag} was already attached; nothing changed.", blob.Container, blob.Name, blob.Version.ETag);
                break;
            default:
                logger.LogInformation("{Container}/{Blob} version {ETag} is older than the attached one; ignored.", blob.Container, blob.Name, blob.Version.ETag);
                break;
        }
    }
}
