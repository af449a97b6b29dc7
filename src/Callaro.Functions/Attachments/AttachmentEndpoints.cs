using Callaro.Core.Attachments;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Callaro.Functions.Attachments;

/// <summary>
/// Reading a call's recording and transcript: <c>GET /api/calls/{callId}/recording</c> (a short-lived
/// read-only link, made on request and never stored) and <c>GET /api/calls/{callId}/transcript</c>
/// (the normalised segments). Telephony (reader) access and a per-workspace check, like the call itself.
/// </summary>
public static class AttachmentEndpoints
{
    /// <summary>The recording link: 302 to it, or JSON with it when asked (<c>?redirect=false</c> or <c>Accept: application/json</c>).</summary>
    internal static async Task<Results<RedirectHttpResult, Ok<RecordingLink>, ProblemHttpResult>> GetRecordingAsync(
        string callId, string? workspace, bool? redirect, HttpContext http, AttachmentStore store, IOptions<AttachmentOptions> options, TimeProvider clock)
    {
        workspace ??= AttachmentBlobName.DefaultWorkspace;
        var attachments = await store.GetAsync(workspace, callId, http.RequestAborted);
        if (attachments.Recording is not { } recording)
            return NotFound($"Call '{callId}' in workspace '{workspace}' has no recording yet. Recordings appear once '{{callId}}.mp3' (or .wav, .m4a, .mp4, .ogg, .webm) is uploaded to the recordings container, under '{workspace}/' for workspaces other than 'default'.");

        var lifetime = options.Value.ReadLinkLifetime;
        var url = await store.CreateRecordingReadLinkAsync(recording, lifetime, http.RequestAborted);
        var wantsJson = redirect == false || http.Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);
        // The link is a bearer credential for minutes: no cache may keep it.
        http.Response.Headers.CacheControl = "no-store";
        return wantsJson
            ? TypedResults.Ok(new RecordingLink(url.ToString(), clock.GetUtcNow().Add(lifetime), recording.ContentType, recording.SizeBytes, recording.DurationSeconds, recording.Channels))
            : TypedResults.Redirect(url.ToString());
    }

    /// <summary>The normalised transcript (<see cref="TranscriptDocument"/>).</summary>
    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetTranscriptAsync(
        string callId, string? workspace, HttpContext http, AttachmentStore store)
    {
        workspace ??= AttachmentBlobName.DefaultWorkspace;
        var attachments = await store.GetAsync(workspace, callId, http.RequestAborted);
        if (attachments.Transcript is not { } transcript)
            return NotFound($"Call '{callId}' in workspace '{workspace}' has no transcript yet. Transcripts appear once '{{callId}}.txt', '.vtt' or '.json' is uploaded to the transcripts container, under '{workspace}/' for workspaces other than 'default'.");

        if (!transcript.IsReadable)
            return TypedResults.Problem(
                title: "Transcript unreadable",
                detail: $"The transcript '{transcript.BlobName}' of call '{callId}' could not be read: {transcript.UnreadableReason} Upload a corrected file with the same name to replace it.",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["unreadableReason"] = transcript.UnreadableReason, ["blobName"] = transcript.BlobName });

        var text = await store.GetTranscriptTextAsync(transcript, http.RequestAborted);
        if (text is null)
            return NotFound($"The transcript text of call '{callId}' is missing from storage; upload the transcript again to rebuild it.");
        return TypedResults.File(text.ToArray(), "application/json; charset=utf-8");
    }

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(title: "Not found", detail: detail, statusCode: StatusCodes.Status404NotFound);
}

/// <summary>A short-lived read link to a recording.</summary>
/// <param name="Url">The link (read-only SAS); works until <paramref name="ExpiresOn"/>.</param>
/// <param name="ExpiresOn">When the link stops working.</param>
/// <param name="ContentType">The audio's media type.</param>
/// <param name="SizeBytes">The audio's size.</param>
/// <param name="DurationSeconds">Its length, when known.</param>
/// <param name="Channels">Its channels, when known.</param>
public sealed record RecordingLink(string Url, DateTimeOffset ExpiresOn, string ContentType, long SizeBytes, double? DurationSeconds, int? Channels);
