using Azure;
using Callaro.Storage.Blobs;

namespace Callaro.Core.Attachments;

/// <summary>What became of a triggered blob.</summary>
/// <param name="Name">The parsed blob name; null when the name was rejected.</param>
/// <param name="Attach">What the store did; null when the name was rejected.</param>
/// <param name="RejectedReason">Why the blob was not attached (its name does not name a call).</param>
public sealed record ProcessedBlob(AttachmentBlobName? Name, AttachResult? Attach, string? RejectedReason)
{
    /// <summary>Whether the blob was ignored because of its name.</summary>
    public bool IsRejected => RejectedReason is not null;
}

/// <summary>
/// Turns a triggered blob into an attachment: reads the call from the name, the recording's details or
/// the transcript's text from the content, and stores the result. Works with the content the Functions
/// host ships in the invocation, or without it (reading only what it needs from storage).
/// </summary>
public class AttachmentProcessor
{
    /// <summary>Transcripts above this size are recorded as unreadable rather than parsed.</summary>
    public const int MaxTranscriptBytes = 16 * 1024 * 1024;

    private readonly AttachmentStore _store;
    private readonly BlobServiceClient _blobs;

    /// <summary>For mocking.</summary>
    protected AttachmentProcessor() { _store = null!; _blobs = null!; }

    /// <summary>Creates the processor.</summary>
    public AttachmentProcessor(AttachmentStore store, BlobServiceClient blobs)
    {
        _store = store;
        _blobs = blobs;
    }

    /// <summary>Attaches a recording.</summary>
    /// <param name="blob">The blob as the trigger describes it.</param>
    /// <param name="leadingBytes">The blob's content (or at least its first <see cref="RecordingMetadata.HeaderBytes"/>), or null to read the header from storage when it matters (WAV).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="RequestFailedException">Storage failed; retrying the invocation is safe.</exception>
    public virtual async Task<ProcessedBlob> ProcessRecordingAsync(TriggeredBlob blob, ReadOnlyMemory<byte>? leadingBytes, CancellationToken cancellationToken = default)
    {
        if (!AttachmentBlobName.TryParse(blob.Name, AttachmentKind.Recording, out var name, out var reason))
            return new ProcessedBlob(null, null, reason);

        var header = leadingBytes ?? (name.Extension == "wav" && blob.Length > 0 ? await ReadHeaderAsync(blob, cancellationToken) : ReadOnlyMemory<byte>.Empty);
        var details = RecordingMetadata.Describe(name.Extension, blob.ContentType, blob.Metadata, header.Span, blob.Length);
        return new ProcessedBlob(name, await _store.AttachRecordingAsync(name, blob, details, cancellationToken), null);
    }

    /// <summary>Attaches a transcript; an unreadable one is attached as unreadable (not an exception).</summary>
    /// <param name="blob">The blob as the trigger describes it.</param>
    /// <param name="content">The whole content, or null to download it.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="RequestFailedException">Storage failed; retrying the invocation is safe.</exception>
    public virtual async Task<ProcessedBlob> ProcessTranscriptAsync(TriggeredBlob blob, ReadOnlyMemory<byte>? content, CancellationToken cancellationToken = default)
    {
        if (!AttachmentBlobName.TryParse(blob.Name, AttachmentKind.Transcript, out var name, out var reason))
            return new ProcessedBlob(null, null, reason);

        var parsed = blob.Length > MaxTranscriptBytes
            ? TranscriptParseResult.Unreadable($"The transcript is {blob.Length / (1024 * 1024)} MiB; Callaro reads transcripts up to {MaxTranscriptBytes / (1024 * 1024)} MiB. Split or compress the file.")
            : TranscriptParser.Parse((content ?? await DownloadAsync(blob, cancellationToken)).Span, name.Extension);
        return new ProcessedBlob(name, await _store.AttachTranscriptAsync(name, blob, parsed, cancellationToken), null);
    }

    private async Task<ReadOnlyMemory<byte>> ReadHeaderAsync(TriggeredBlob blob, CancellationToken cancellationToken)
    {
        // Only the header is needed; stop reading after it instead of fetching the whole recording.
        using var download = (await _blobs.GetBlobContainerClient(blob.Container).GetBlobClient(blob.Name).DownloadStreamingAsync(cancellationToken)).Value;
        var buffer = new byte[(int)Math.Min(RecordingMetadata.HeaderBytes, blob.Length)];
        var read = 0;
        while (read < buffer.Length && await download.Content.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n && n > 0) read += n;
        return buffer.AsMemory(0, read);
    }

    private async Task<ReadOnlyMemory<byte>> DownloadAsync(TriggeredBlob blob, CancellationToken cancellationToken)
    {
        var download = await _blobs.GetBlobContainerClient(blob.Container).GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken);
        return download.Value.Content.ToMemory();
    }
}
