namespace Callaro.Core.Attachments;

/// <summary>
/// Which version of a blob an attachment was made from. Storage gives every write a new ETag; versions
/// are ordered by <see cref="LastModified"/>, and the ETag tells two writes apart.
/// </summary>
/// <param name="ETag">The blob's ETag as storage reports it (quotes removed).</param>
/// <param name="LastModified">When that version was written.</param>
/// <param name="VersionId">The blob version id, when versioning is on for the account.</param>
public sealed record BlobVersion(string ETag, DateTimeOffset LastModified, string? VersionId = null);

/// <summary>A blob a trigger handed over: where it lives and which version it is.</summary>
/// <param name="Container">The container (with any name prefix).</param>
/// <param name="Name">The blob name inside the container.</param>
/// <param name="Version">Its ETag and modification time.</param>
/// <param name="Length">Its size in bytes.</param>
/// <param name="ContentType">Its content type, if set.</param>
/// <param name="Metadata">Its user metadata.</param>
public sealed record TriggeredBlob(
    string Container, string Name, BlobVersion Version, long Length, string? ContentType, IReadOnlyDictionary<string, string> Metadata);

/// <summary>A recording attached to a call.</summary>
/// <param name="Container">The container holding the audio.</param>
/// <param name="BlobName">The blob name (read links are made from these on request, never stored).</param>
/// <param name="SizeBytes">The audio's size.</param>
/// <param name="ContentType">The media type.</param>
/// <param name="DurationSeconds">Length of the audio, when known.</param>
/// <param name="Channels">Audio channels, when known.</param>
/// <param name="Version">The blob version attached.</param>
/// <param name="AttachedAt">When Callaro attached this version.</param>
public sealed record RecordingAttachment(
    string Container, string BlobName, long SizeBytes, string ContentType, double? DurationSeconds, int? Channels,
    BlobVersion Version, DateTimeOffset AttachedAt);

/// <summary>
/// A transcript attached to a call. The full text lives in Blob Storage (<see cref="TextContainer"/>/
/// <see cref="TextBlobName"/>, normalised JSON); the call keeps only what lists and the detail need.
/// </summary>
/// <param name="Container">The container holding the source file.</param>
/// <param name="BlobName">The source file's name.</param>
/// <param name="Version">The source version attached.</param>
/// <param name="IsReadable">False when the file could not be read; <see cref="UnreadableReason"/> says why.</param>
/// <param name="UnreadableReason">What is wrong with the file, when unreadable.</param>
/// <param name="Format">The source format (<c>txt</c>, <c>vtt</c>, <c>json</c>).</param>
/// <param name="Language">The declared language, if any.</param>
/// <param name="WordCount">Words in the transcript (readable only).</param>
/// <param name="SegmentCount">Speaker turns (readable only).</param>
/// <param name="Preview">The first ~200 characters (readable only).</param>
/// <param name="TextContainer">The container of the normalised transcript JSON (readable only).</param>
/// <param name="TextBlobName">The blob name of the normalised transcript JSON (readable only).</param>
/// <param name="AttachedAt">When Callaro attached this version.</param>
/// <param name="Problem">The kind of problem, when unreadable (null also for files stored before it was kept).</param>
public sealed record TranscriptAttachment(
    string Container, string BlobName, BlobVersion Version, bool IsReadable, string? UnreadableReason, string Format,
    string? Language, int? WordCount, int? SegmentCount, string? Preview, string? TextContainer, string? TextBlobName,
    DateTimeOffset AttachedAt, TranscriptProblem? Problem = null);

/// <summary>Everything attached to one call.</summary>
/// <param name="Recording">The recording, if one arrived.</param>
/// <param name="Transcript">The transcript, if one arrived.</param>
public sealed record CallAttachments(RecordingAttachment? Recording, TranscriptAttachment? Transcript)
{
    /// <summary>Nothing attached.</summary>
    public static CallAttachments None { get; } = new(null, null);
}

/// <summary>What an attach operation did, for logs and tests.</summary>
public enum AttachOutcome
{
    /// <summary>The version was stored (first one, or newer than the one held).</summary>
    Attached,
    /// <summary>The same version was attached before: nothing changed.</summary>
    AlreadyAttached,
    /// <summary>A newer version is already attached: this older one was ignored.</summary>
    OlderIgnored,
}

/// <summary>The result of attaching a blob.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="CallKnown">Whether the call existed when the blob was attached (false: kept as pending); null when nothing changed, so nothing was checked.</param>
public sealed record AttachResult(AttachOutcome Outcome, bool? CallKnown)
{
    /// <summary>When the version held now was attached (this one, or the same one earlier); null when an older version was ignored.</summary>
    public DateTimeOffset? AttachedAt { get; init; }
}

/// <summary>An attachment whose call has not (yet) been seen: listed by the health report.</summary>
/// <param name="WorkspaceId">The workspace from the blob name.</param>
/// <param name="CallId">The call id from the blob name.</param>
/// <param name="Kind">Recording or transcript.</param>
/// <param name="Container">The blob's container.</param>
/// <param name="BlobName">The blob's name.</param>
/// <param name="FirstSeenAt">When the blob was first attached without its call.</param>
public sealed record PendingAttachment(string WorkspaceId, string CallId, AttachmentKind Kind, string Container, string BlobName, DateTimeOffset FirstSeenAt);

/// <summary>An attachment problem found on a given day (unreadable transcripts, blobs whose name names no call), for the health report.</summary>
/// <param name="WorkspaceId">The workspace; empty for a blob whose name was rejected.</param>
/// <param name="CallId">The call; empty for a blob whose name was rejected.</param>
/// <param name="Kind">Which attachment.</param>
/// <param name="BlobName">The offending blob.</param>
/// <param name="Reason">What is wrong.</param>
/// <param name="DetectedAt">When Callaro found it.</param>
public sealed record AttachmentIssue(string WorkspaceId, string CallId, AttachmentKind Kind, string BlobName, string Reason, DateTimeOffset DetectedAt);

/// <summary>
/// Answers whether a call exists, through the call-id index (a point read, never a scan). The seam
/// between attachments and ingestion: attachments are stored by call id whether or not the call exists,
/// and this only decides whether a blob is recorded as pending.
/// </summary>
public interface ICallDirectory
{
    /// <summary>True when at least one event of the call has been stored.</summary>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    Task<bool> CallExistsAsync(string workspaceId, string callId, CancellationToken cancellationToken = default);
}
