using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Azure.Data.Tables;

namespace Callaro.Core.Attachments;

/// <summary>
/// Stores recordings and transcripts against their call, by call id, whether or not the call exists
/// yet — so nothing is lost whichever arrives first, and the call's first event needs no extra storage
/// transaction to "adopt" it. Layout:
/// <list type="bullet">
/// <item><c>attachments</c>: PartitionKey = workspace, RowKey = <c>{callId}|recording</c> or <c>{callId}|transcript</c>.</item>
/// <item><c>pendingattachments</c>: same keys, one row per blob that arrived before its call; resolved lazily
/// by <see cref="ListPendingAsync"/> (the health report), which deletes rows whose call has since arrived.</item>
/// <item><c>attachmentissues</c>: PartitionKey = UTC day <c>yyyyMMdd</c>, RowKey = <c>{kind}|{workspace}|{callId}</c>:
/// unreadable transcripts, so a day's problems are one partition read.</item>
/// <item>Container <c>transcripttext</c>: the normalised transcript JSON, <c>{workspace}/{callId}/{etag}.json</c>.</item>
/// </list>
/// Versions: the same blob version twice changes nothing; a newer one (by Last-Modified, ties settled by
/// asking storage which ETag is current) replaces the old one; an older one is ignored. Writes use
/// optimistic concurrency, so parallel triggers of one call lose nothing.
/// </summary>
public class AttachmentStore
{
    private const string RecordingSuffix = "|recording";
    private const string TranscriptSuffix = "|transcript";
    private const int MaxAttempts = 8;
    private const int MaxReasonLength = 1000;
    private static readonly TimeSpan LinkClockSkewAllowance = TimeSpan.FromMinutes(5);

    private static readonly JsonSerializerOptions TextJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private readonly TableClient _attachments;
    private readonly TableClient _pending;
    private readonly TableClient _issues;
    private readonly BlobServiceClient _blobs;
    private readonly BlobContainerClient _text;
    private readonly ICallDirectory _calls;
    private readonly TimeProvider _clock;

    /// <summary>For mocking.</summary>
    protected AttachmentStore()
    {
        _attachments = _pending = _issues = null!;
        _blobs = null!;
        _text = null!;
        _calls = null!;
        _clock = TimeProvider.System;
    }

    /// <summary>Creates the store over the app's storage account.</summary>
    public AttachmentStore(TableServiceClient tables, BlobServiceClient blobs, StorageNames names, ICallDirectory calls, TimeProvider? clock = null)
    {
        _attachments = tables.GetTableClient(names.AttachmentsTable);
        _pending = tables.GetTableClient(names.PendingAttachmentsTable);
        _issues = tables.GetTableClient(names.AttachmentIssuesTable);
        _blobs = blobs;
        _text = blobs.GetBlobContainerClient(names.TranscriptTextContainer);
        _calls = calls;
        _clock = clock ?? TimeProvider.System;
    }

    // ------------------------------------------------------------------ writing

    /// <summary>Attaches a recording version to its call (or keeps it pending until the call arrives).</summary>
    /// <exception cref="RequestFailedException">Storage failed; nothing or only this version's data was written, and a retry is safe.</exception>
    public virtual async Task<AttachResult> AttachRecordingAsync(AttachmentBlobName name, TriggeredBlob blob, RecordingDetails details, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        var outcome = await StoreVersionAsync(name.WorkspaceId, name.CallId + RecordingSuffix, blob, _ =>
        {
            var entity = VersionEntity(name, blob, now);
            entity["SizeBytes"] = blob.Length;
            entity["ContentType"] = details.ContentType;
            if (details.DurationSeconds is { } duration) entity["DurationSeconds"] = duration;
            if (details.Channels is { } channels) entity["Channels"] = channels;
            return Task.FromResult(entity);
        }, cancellationToken);
        return await AfterStoreAsync(name, blob, outcome, cancellationToken);
    }

    /// <summary>
    /// Attaches a transcript version: a readable one is written as normalised JSON to Blob Storage and
    /// summarised on the call; an unreadable one is recorded with its reason and listed as an issue.
    /// </summary>
    /// <exception cref="RequestFailedException">Storage failed; a retry is safe.</exception>
    public virtual async Task<AttachResult> AttachTranscriptAsync(AttachmentBlobName name, TriggeredBlob blob, TranscriptParseResult parsed, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        string? textBlobName = null;
        var outcome = await StoreVersionAsync(name.WorkspaceId, name.CallId + TranscriptSuffix, blob, async ct =>
        {
            var entity = VersionEntity(name, blob, now);
            entity["Readable"] = parsed.IsReadable;
            entity["Format"] = parsed.Transcript?.Format ?? name.Extension;
            if (parsed.Transcript is { } transcript)
            {
                // The text goes to Blob Storage before the row points at it, so a reader never follows a dangling reference.
                textBlobName ??= await WriteTranscriptTextAsync(name, blob, transcript, ct);
                if (transcript.Language is { } language) entity["Language"] = language;
                entity["WordCount"] = transcript.WordCount;
                entity["SegmentCount"] = transcript.Segments.Count;
                entity["Preview"] = transcript.Preview;
                entity["TextContainer"] = _text.Name;
                entity["TextBlobName"] = textBlobName;
            }
            else
            {
                entity["UnreadableReason"] = StoredReason(parsed.UnreadableReason);
                if (parsed.Problem is { } problem) entity["UnreadableProblem"] = TranscriptProblems.Word(problem);
            }
            return entity;
        }, cancellationToken);

        if (outcome.Outcome == AttachOutcome.Attached)
        {
            await TidyReplacedTranscriptAsync(outcome.Replaced, textBlobName, cancellationToken);
            if (!parsed.IsReadable)
                await RecordIssueAsync(name, blob, parsed.UnreadableReason!, now, cancellationToken);
        }
        else if (outcome.Outcome == AttachOutcome.OlderIgnored && textBlobName is not null)
        {
            // Lost a race to a newer version after writing our text: remove the text nobody will reference.
            // (Not when the same version won: its text blob has this very name.)
            await _text.GetBlobClient(textBlobName).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }

        return await AfterStoreAsync(name, blob, outcome, cancellationToken);
    }

    private sealed record StoreOutcome(AttachOutcome Outcome, TableEntity? Replaced, DateTimeOffset? AttachedAt = null);

    private async Task<StoreOutcome> StoreVersionAsync(string partitionKey, string rowKey, TriggeredBlob blob,
        Func<CancellationToken, Task<TableEntity>> build, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await _attachments.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
            if (existing.HasValue)
            {
                var order = await CompareAsync(blob, StoredVersion(existing.Value!), cancellationToken);
                if (order != VersionOrder.Newer)
                    return new StoreOutcome(order == VersionOrder.Same ? AttachOutcome.AlreadyAttached : AttachOutcome.OlderIgnored, null,
                        order == VersionOrder.Same ? existing.Value!.GetDateTimeOffset("AttachedAt") : null);
            }

            var entity = await build(cancellationToken);
            entity.PartitionKey = partitionKey;
            entity.RowKey = rowKey;
            try
            {
                if (existing.HasValue)
                    await _attachments.UpdateEntityAsync(entity, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                else
                    await _attachments.AddEntityAsync(entity, cancellationToken);
                return new StoreOutcome(AttachOutcome.Attached, existing.HasValue ? existing.Value : null, entity.GetDateTimeOffset("AttachedAt"));
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another trigger of the same call wrote first: read again and compare with what it wrote.
            }
        }
    }

    private enum VersionOrder { Same, Newer, Older }

    private async Task<VersionOrder> CompareAsync(TriggeredBlob incoming, BlobVersion stored, CancellationToken cancellationToken)
    {
        if (SameETag(incoming.Version.ETag, stored.ETag)) return VersionOrder.Same;
        if (incoming.Version.LastModified != stored.LastModified)
            return incoming.Version.LastModified > stored.LastModified ? VersionOrder.Newer : VersionOrder.Older;

        // Two writes within the same second: only storage knows which one is current.
        try
        {
            var current = await _blobs.GetBlobContainerClient(incoming.Container).GetBlobClient(incoming.Name).GetPropertiesAsync(cancellationToken: cancellationToken);
            return SameETag(current.Value.ETag.ToString(), incoming.Version.ETag) ? VersionOrder.Newer : VersionOrder.Older;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return VersionOrder.Older; // deleted since: keep what we have
        }
    }

    private async Task<AttachResult> AfterStoreAsync(AttachmentBlobName name, TriggeredBlob blob, StoreOutcome stored, CancellationToken cancellationToken)
    {
        var outcome = stored.Outcome;
        if (outcome != AttachOutcome.Attached) return new AttachResult(outcome, null) { AttachedAt = stored.AttachedAt };

        var known = await _calls.CallExistsAsync(name.WorkspaceId, name.CallId, cancellationToken);
        if (!known)
        {
            var marker = new TableEntity(name.WorkspaceId, $"{name.CallId}|{KindWord(name.Kind)}")
            {
                ["WorkspaceId"] = name.WorkspaceId,
                ["CallId"] = name.CallId,
                ["Kind"] = KindWord(name.Kind),
                ["Container"] = blob.Container,
                ["BlobName"] = blob.Name,
                ["FirstSeenAt"] = _clock.GetUtcNow(),
            };
            try
            {
                await _pending.AddEntityAsync(marker, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Already pending (an earlier version); keep the first-seen time.
            }
        }
        return new AttachResult(outcome, known) { AttachedAt = stored.AttachedAt };
    }

    private async Task<string> WriteTranscriptTextAsync(AttachmentBlobName name, TriggeredBlob blob, NormalizedTranscript transcript, CancellationToken cancellationToken)
    {
        // One text blob per source version: two versions processed at once never overwrite each other's text.
        var blobName = $"{name.WorkspaceId}/{name.CallId}/{SafeETag(blob.Version.ETag)}.json";
        var document = new TranscriptDocument(name.WorkspaceId, name.CallId, transcript.Format, transcript.Language,
            transcript.WordCount, transcript.Segments, transcript.FullText, $"{blob.Container}/{blob.Name}", blob.Version.ETag);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, TextJson);
        await _text.GetBlobClient(blobName).UploadAsync(new BinaryData(bytes), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } }, cancellationToken);
        return blobName;
    }

    private async Task TidyReplacedTranscriptAsync(TableEntity? replaced, string? newTextBlob, CancellationToken cancellationToken)
    {
        if (replaced is null) return;
        if (replaced.GetString("TextBlobName") is { } oldText && oldText != newTextBlob)
            await _text.GetBlobClient(oldText).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        if (replaced.GetBoolean("Readable") == false && replaced.GetDateTimeOffset("AttachedAt") is { } detected)
        {
            var name = IssueRowKey(AttachmentKind.Transcript, replaced.PartitionKey, CallIdOf(replaced.RowKey));
            await _issues.DeleteEntityAsync(DayKey(detected), name, cancellationToken: cancellationToken);
        }
    }

    private async Task RecordIssueAsync(AttachmentBlobName name, TriggeredBlob blob, string reason, DateTimeOffset detectedAt, CancellationToken cancellationToken)
    {
        var issue = new TableEntity(DayKey(detectedAt), IssueRowKey(name.Kind, name.WorkspaceId, name.CallId))
        {
            ["WorkspaceId"] = name.WorkspaceId,
            ["CallId"] = name.CallId,
            ["Kind"] = KindWord(name.Kind),
            ["BlobName"] = blob.Name,
            ["Reason"] = Truncate(reason, MaxReasonLength),
            ["DetectedAt"] = detectedAt,
        };
        await _issues.UpsertEntityAsync(issue, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// Lists a blob whose name names no call (see <see cref="AttachmentBlobName.TryParse"/>) as an attachment issue
    /// of today, with the reason, so the health report shows it; nothing else is written. The same blob rejected
    /// again replaces its row (one row per container and name, whatever the version).
    /// </summary>
    /// <param name="kind">The kind the blob's container holds.</param>
    /// <param name="blob">The rejected blob.</param>
    /// <param name="reason">Why its name was rejected.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="RequestFailedException">Storage failed; a retry is safe.</exception>
    public virtual async Task RecordRejectedBlobAsync(AttachmentKind kind, TriggeredBlob blob, string reason, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        // The name itself cannot be a key (it is rejected precisely for holding what keys forbid), so a hash stands in.
        var nameHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{blob.Container}\n{blob.Name}")).AsSpan(0, 16));
        var issue = new TableEntity(DayKey(now), $"{KindWord(kind)}|rejected|{nameHash}")
        {
            ["WorkspaceId"] = "",
            ["CallId"] = "",
            ["Kind"] = KindWord(kind),
            ["BlobName"] = blob.Name,
            ["Reason"] = Truncate(reason, MaxReasonLength),
            ["DetectedAt"] = now,
        };
        await _issues.UpsertEntityAsync(issue, TableUpdateMode.Replace, cancellationToken);
    }

    // ------------------------------------------------------------------ reading

    /// <summary>The recording and transcript of a call (one storage request).</summary>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual async Task<CallAttachments> GetAsync(string workspaceId, string callId, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {workspaceId} and (RowKey eq {callId + RecordingSuffix} or RowKey eq {callId + TranscriptSuffix})");
        RecordingAttachment? recording = null;
        TranscriptAttachment? transcript = null;
        await foreach (var entity in _attachments.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (entity.RowKey.EndsWith(RecordingSuffix, StringComparison.Ordinal)) recording = ToRecording(entity);
            else transcript = ToTranscript(entity);
        }
        return new CallAttachments(recording, transcript);
    }

    /// <summary>The normalised transcript JSON (<see cref="TranscriptDocument"/>), or null when none is readable.</summary>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual async Task<BinaryData?> GetTranscriptTextAsync(TranscriptAttachment transcript, CancellationToken cancellationToken = default)
    {
        if (!transcript.IsReadable || transcript.TextContainer is null || transcript.TextBlobName is null) return null;
        try
        {
            var download = await _blobs.GetBlobContainerClient(transcript.TextContainer).GetBlobClient(transcript.TextBlobName).DownloadContentAsync(cancellationToken);
            return download.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// A read-only link to the recording that expires after <paramref name="lifetime"/>. Made on request
    /// and never stored: a leaked link is worth minutes. With an account key it is a service SAS; with a
    /// token credential (managed identity) a user delegation SAS, whose key storage issues for the link's lifetime.
    /// </summary>
    /// <exception cref="RequestFailedException">Storage refused a user delegation key (the identity lacks the role, or the connection is a SAS).</exception>
    public virtual async Task<Uri> CreateRecordingReadLinkAsync(RecordingAttachment recording, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var blob = _blobs.GetBlobContainerClient(recording.Container).GetBlobClient(recording.BlobName);
        var now = _clock.GetUtcNow();
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, now.Add(lifetime))
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            // A reader whose clock runs behind can use the link at once.
            StartsOn = now - LinkClockSkewAllowance,
        };
        if (blob.CanGenerateSasUri) return blob.GenerateSasUri(sas);

        var key = await _blobs.GetUserDelegationKeyAsync(sas.StartsOn, sas.ExpiresOn, cancellationToken);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, _blobs.AccountName) }.ToUri();
    }

    /// <summary>
    /// Attachments still waiting for their call and first seen before <paramref name="seenBefore"/>
    /// (orphans, for the health report). Rows whose call has arrived meanwhile are deleted, not listed.
    /// </summary>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual async IAsyncEnumerable<PendingAttachment> ListPendingAsync(DateTimeOffset seenBefore, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in _pending.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            var workspace = row.GetString("WorkspaceId") ?? row.PartitionKey;
            var callId = row.GetString("CallId") ?? CallIdOf(row.RowKey);
            if (await _calls.CallExistsAsync(workspace, callId, cancellationToken))
            {
                await _pending.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
                continue;
            }
            var firstSeen = row.GetDateTimeOffset("FirstSeenAt") ?? row.Timestamp ?? DateTimeOffset.MinValue;
            if (firstSeen < seenBefore)
                yield return new PendingAttachment(workspace, callId, ParseKind(row.GetString("Kind")), row.GetString("Container") ?? "", row.GetString("BlobName") ?? "", firstSeen);
        }
    }

    /// <summary>Attachment problems (unreadable transcripts, blobs whose name names no call) detected on <paramref name="day"/> (UTC) and not since fixed by a newer version.</summary>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual async IAsyncEnumerable<AttachmentIssue> ListIssuesAsync(DateOnly day, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}");
        await foreach (var row in _issues.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return new AttachmentIssue(row.GetString("WorkspaceId") ?? "", row.GetString("CallId") ?? "", ParseKind(row.GetString("Kind")),
                row.GetString("BlobName") ?? "", row.GetString("Reason") ?? "", row.GetDateTimeOffset("DetectedAt") ?? default);
        }
    }

    // ------------------------------------------------------------------ mapping

    private static TableEntity VersionEntity(AttachmentBlobName name, TriggeredBlob blob, DateTimeOffset now)
    {
        var entity = new TableEntity
        {
            ["Kind"] = KindWord(name.Kind),
            ["Container"] = blob.Container,
            ["BlobName"] = blob.Name,
            ["BlobETag"] = blob.Version.ETag,
            ["BlobLastModified"] = blob.Version.LastModified,
            ["AttachedAt"] = now,
        };
        if (blob.Version.VersionId is { } versionId) entity["BlobVersionId"] = versionId;
        return entity;
    }

    private static BlobVersion StoredVersion(TableEntity entity) =>
        new(entity.GetString("BlobETag") ?? "", entity.GetDateTimeOffset("BlobLastModified") ?? DateTimeOffset.MinValue, entity.GetString("BlobVersionId"));

    private static RecordingAttachment ToRecording(TableEntity e) => new(
        e.GetString("Container") ?? "", e.GetString("BlobName") ?? "", e.GetInt64("SizeBytes") ?? 0, e.GetString("ContentType") ?? "application/octet-stream",
        e.GetDouble("DurationSeconds"), e.GetInt32("Channels"), StoredVersion(e), e.GetDateTimeOffset("AttachedAt") ?? default);

    private static TranscriptAttachment ToTranscript(TableEntity e) => new(
        e.GetString("Container") ?? "", e.GetString("BlobName") ?? "", StoredVersion(e), e.GetBoolean("Readable") ?? false,
        e.GetString("UnreadableReason"), e.GetString("Format") ?? "", e.GetString("Language"), e.GetInt32("WordCount"),
        e.GetInt32("SegmentCount"), e.GetString("Preview"), e.GetString("TextContainer"), e.GetString("TextBlobName"),
        e.GetDateTimeOffset("AttachedAt") ?? default, TranscriptProblems.Parse(e.GetString("UnreadableProblem")));

    /// <summary>The word used in storage and in the API for a kind.</summary>
    public static string KindWord(AttachmentKind kind) => kind == AttachmentKind.Recording ? "recording" : "transcript";

    private static AttachmentKind ParseKind(string? word) => word == "transcript" ? AttachmentKind.Transcript : AttachmentKind.Recording;

    private static string CallIdOf(string rowKey) => rowKey[..rowKey.LastIndexOf('|')];

    private static string IssueRowKey(AttachmentKind kind, string workspaceId, string callId) => $"{KindWord(kind)}|{workspaceId}|{callId}";

    private static string DayKey(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static bool SameETag(string a, string b) => string.Equals(a.Trim('"'), b.Trim('"'), StringComparison.Ordinal);

    private static string SafeETag(string etag)
    {
        var builder = new StringBuilder(etag.Length);
        foreach (var c in etag.Trim('"')) builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        return builder.Length == 0 ? "none" : builder.ToString();
    }

    /// <summary>An unreadable transcript's reason as it is stored (and folded into the call record).</summary>
    internal static string StoredReason(string? reason) => Truncate(reason ?? "The transcript could not be read.", MaxReasonLength);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}

/// <summary>The normalised transcript as stored in Blob Storage and served by <c>GET /api/calls/{callId}/transcript</c>.</summary>
/// <param name="WorkspaceId">The workspace.</param>
/// <param name="CallId">The call.</param>
/// <param name="Format">The source format.</param>
/// <param name="Language">The declared language, if any.</param>
/// <param name="WordCount">Words said.</param>
/// <param name="Segments">Speaker turns in order.</param>
/// <param name="Text">The whole text, one turn per line.</param>
/// <param name="Source">The source blob, <c>{container}/{name}</c>.</param>
/// <param name="SourceETag">The source blob version.</param>
public sealed record TranscriptDocument(
    string WorkspaceId, string CallId, string Format, string? Language, int WordCount,
    IReadOnlyList<TranscriptSegment> Segments, string Text, string Source, string SourceETag);
