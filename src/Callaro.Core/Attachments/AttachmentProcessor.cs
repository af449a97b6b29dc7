using System.Security.Cryptography;
using System.Text;
using Azure;
using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Callaro.Core.Attachments;

/// <summary>What became of a triggered blob.</summary>
/// <param name="Name">The parsed blob name; null when the name was rejected.</param>
/// <param name="Attach">What the store did; null when the name was rejected.</param>
/// <param name="RejectedReason">Why the blob was not attached (its name does not name a call); it is listed as an attachment issue.</param>
public sealed record ProcessedBlob(AttachmentBlobName? Name, AttachResult? Attach, string? RejectedReason)
{
    /// <summary>What folding the attachment's summary into the call record did (null when nothing was folded: rejected name or older version).</summary>
    public IngestResult? Folded { get; init; }

    /// <summary>Whether the blob was ignored because of its name.</summary>
    public bool IsRejected => RejectedReason is not null;
}

/// <summary>
/// Turns a triggered blob into an attachment: reads the call from the name, the recording's details or
/// the transcript's text from the content, and stores the result. Works with the content the Functions
/// host ships in the invocation, or without it (reading only what it needs from storage).
/// <para>
/// Every stored version is also folded into the call record as a <see cref="CallEventType.RecordingAttached"/> /
/// <see cref="CallEventType.TranscriptAttached"/> event through <see cref="CallIngestor"/>, so the log row
/// (<c>HasRecording</c>, <c>HasTranscript</c>) and the health report see it without reading the attachment
/// store. The event id is derived from container, blob name and ETag: a re-trigger of the same version is a
/// duplicate (one point read), and a retry after a crash between the two writes completes the fold.
/// </para>
/// </summary>
public class AttachmentProcessor
{
    /// <summary>Transcripts above this size are recorded as unreadable rather than parsed.</summary>
    public const int MaxTranscriptBytes = 16 * 1024 * 1024;

    /// <summary>The <see cref="CallEvent.Source"/> of attachment events.</summary>
    public const string EventSource = "blob";

    private readonly AttachmentStore _store;
    private readonly BlobServiceClient _blobs;
    private readonly CallIngestor _calls;

    /// <summary>For mocking.</summary>
    protected AttachmentProcessor() { _store = null!; _blobs = null!; _calls = null!; }

    /// <summary>Creates the processor.</summary>
    /// <param name="store">Where attachments are kept.</param>
    /// <param name="blobs">The account the blobs live in.</param>
    /// <param name="calls">Folds each attachment's summary into its call record.</param>
    public AttachmentProcessor(AttachmentStore store, BlobServiceClient blobs, CallIngestor calls)
    {
        _store = store;
        _blobs = blobs;
        _calls = calls;
    }

    /// <summary>Attaches a recording.</summary>
    /// <param name="blob">The blob as the trigger describes it.</param>
    /// <param name="leadingBytes">The blob's content (or at least its first <see cref="RecordingMetadata.HeaderBytes"/>), or null to read the header from storage when it matters (WAV).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="RequestFailedException">Storage failed; retrying the invocation is safe.</exception>
    public virtual async Task<ProcessedBlob> ProcessRecordingAsync(TriggeredBlob blob, ReadOnlyMemory<byte>? leadingBytes, CancellationToken cancellationToken = default)
    {
        if (!AttachmentBlobName.TryParse(blob.Name, AttachmentKind.Recording, out var name, out var reason))
            return await RejectAsync(AttachmentKind.Recording, blob, reason, cancellationToken);

        var header = leadingBytes ?? (name.Extension == "wav" && blob.Length > 0 ? await ReadHeaderAsync(blob, cancellationToken) : ReadOnlyMemory<byte>.Empty);
        var details = RecordingMetadata.Describe(name.Extension, blob.ContentType, blob.Metadata, header.Span, blob.Length);
        var attached = await _store.AttachRecordingAsync(name, blob, details, cancellationToken);
        var folded = await FoldIntoCallAsync(name, blob, attached, AttachedBlobState.Available, null, null, null, cancellationToken);
        return new ProcessedBlob(name, attached, null) { Folded = folded };
    }

    /// <summary>Attaches a transcript; an unreadable one is attached as unreadable (not an exception).</summary>
    /// <param name="blob">The blob as the trigger describes it.</param>
    /// <param name="content">The whole content, or null to download it.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="RequestFailedException">Storage failed; retrying the invocation is safe.</exception>
    public virtual async Task<ProcessedBlob> ProcessTranscriptAsync(TriggeredBlob blob, ReadOnlyMemory<byte>? content, CancellationToken cancellationToken = default)
    {
        if (!AttachmentBlobName.TryParse(blob.Name, AttachmentKind.Transcript, out var name, out var reason))
            return await RejectAsync(AttachmentKind.Transcript, blob, reason, cancellationToken);

        var parsed = blob.Length > MaxTranscriptBytes
            ? TranscriptParseResult.Unreadable(TranscriptProblem.TooLarge, $"The transcript is {blob.Length / (1024 * 1024)} MiB; Callaro reads transcripts up to {MaxTranscriptBytes / (1024 * 1024)} MiB. Split or compress the file.")
            : TranscriptParser.Parse((content ?? await DownloadAsync(blob, cancellationToken)).Span, name.Extension);
        var attached = await _store.AttachTranscriptAsync(name, blob, parsed, cancellationToken);
        var folded = parsed.Transcript is { } transcript
            ? await FoldIntoCallAsync(name, blob, attached, AttachedBlobState.Available, transcript.Language, transcript.WordCount, null, cancellationToken)
            : await FoldIntoCallAsync(name, blob, attached, AttachedBlobState.Unreadable, null, null, AttachmentStore.StoredReason(parsed.UnreadableReason), cancellationToken);
        return new ProcessedBlob(name, attached, null) { Folded = folded };
    }

    // Retrying cannot fix a name, so the blob is listed as an issue (for the health report) instead of failing;
    // nothing reaches the call tables.
    private async Task<ProcessedBlob> RejectAsync(AttachmentKind kind, TriggeredBlob blob, string reason, CancellationToken cancellationToken)
    {
        await _store.RecordRejectedBlobAsync(kind, blob, reason, cancellationToken);
        return new ProcessedBlob(null, null, reason);
    }

    /// <summary>
    /// Folds the version the store holds into the call record. Also after <see cref="AttachOutcome.AlreadyAttached"/>:
    /// normally a duplicate event (one read, nothing written), but it completes a fold an earlier invocation
    /// was cut off before. An older version the store ignored is not folded.
    /// </summary>
    private async Task<IngestResult?> FoldIntoCallAsync(AttachmentBlobName name, TriggeredBlob blob, AttachResult attached, AttachedBlobState state,
        string? language, int? wordCount, string? unreadableReason, CancellationToken cancellationToken)
    {
        if (attached.Outcome == AttachOutcome.OlderIgnored) return null;
        var callEvent = AttachedEvent(name, blob, attached.AttachedAt ?? blob.Version.LastModified, state, language, wordCount, unreadableReason);
        return await _calls.IngestAsync([callEvent], cancellationToken);
    }

    /// <summary>
    /// The canonical event for an attached blob version. occurredAt is the version's Last-Modified, so in the
    /// record's canonical order the newest version wins; the id is derived from container, name and ETag.
    /// </summary>
    public static CallEvent AttachedEvent(AttachmentBlobName name, TriggeredBlob blob, DateTimeOffset arrivedAt, AttachedBlobState state,
        string? language = null, int? wordCount = null, string? unreadableReason = null)
    {
        var etag = blob.Version.ETag.Trim('"');
        var kind = AttachmentStore.KindWord(name.Kind);
        return new CallEvent
        {
            EventId = AttachedEventId(kind, blob.Container, blob.Name, etag),
            Type = name.Kind == AttachmentKind.Recording ? CallEventType.RecordingAttached : CallEventType.TranscriptAttached,
            // A version without a known time (should not happen: the trigger payload or a HEAD gives it) falls back to its arrival.
            OccurredAt = blob.Version.LastModified == default ? arrivedAt : blob.Version.LastModified,
            CallId = name.CallId,
            WorkspaceId = name.WorkspaceId,
            Source = EventSource,
            Attachment = new AttachedBlob(state, arrivedAt, blob.Container, blob.Name, etag, language, wordCount, unreadableReason),
        };
    }

    /// <summary><c>{kind}.attached.{hex}</c>: SHA-256 of container, blob name and ETag (names may hold '/', which event ids may not).</summary>
    public static string AttachedEventId(string kind, string container, string blobName, string etag)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{container}\n{blobName}\n{etag.Trim('"')}"));
        return $"{kind}.attached.{Convert.ToHexStringLower(hash.AsSpan(0, 16))}";
    }

    private async Task<ReadOnlyMemory<byte>> ReadHeaderAsync(TriggeredBlob blob, CancellationToken cancellationToken)
    {
        if (blob.Length == 0) return ReadOnlyMemory<byte>.Empty;

        // Only the header is needed: ask storage for that range instead of fetching the whole recording.
        var range = new HttpRange(0, Math.Min(RecordingMetadata.HeaderBytes, blob.Length));
        var download = await _blobs.GetBlobContainerClient(blob.Container).GetBlobClient(blob.Name)
            .DownloadContentAsync(new BlobDownloadOptions { Range = range }, cancellationToken);
        return download.Value.Content.ToMemory();
    }

    private async Task<ReadOnlyMemory<byte>> DownloadAsync(TriggeredBlob blob, CancellationToken cancellationToken)
    {
        var download = await _blobs.GetBlobContainerClient(blob.Container).GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken);
        return download.Value.Content.ToMemory();
    }
}
