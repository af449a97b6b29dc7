using System.Diagnostics.CodeAnalysis;
using Callaro.Core.Ingestion;

namespace Callaro.Core.Attachments;

/// <summary>What a blob attaches to a call.</summary>
public enum AttachmentKind
{
    /// <summary>An audio recording (mp3, wav, m4a/mp4, ogg, webm).</summary>
    Recording,
    /// <summary>A transcript (txt, vtt, json).</summary>
    Transcript,
}

/// <summary>
/// The call a blob belongs to, read from its name: <c>{callId}.{ext}</c> or
/// <c>{workspaceId}/{callId}.{ext}</c>. Anything else is rejected with a reason a person can act on.
/// </summary>
/// <param name="WorkspaceId">The workspace (<c>default</c> when the name has no folder).</param>
/// <param name="CallId">The call id (may itself contain dots; the extension is after the last one).</param>
/// <param name="Extension">The lowercase extension without the dot.</param>
/// <param name="Kind">Recording or transcript, from the extension.</param>
public sealed record AttachmentBlobName(string WorkspaceId, string CallId, string Extension, AttachmentKind Kind)
{
    /// <summary>The workspace a blob belongs to when its name has no folder.</summary>
    public const string DefaultWorkspace = "default";

    /// <summary>Longest id Callaro accepts (the same limit as call events).</summary>
    public const int MaxIdLength = CallEventValidator.MaxIdLength;

    private static readonly string[] RecordingExtensions = ["mp3", "wav", "m4a", "mp4", "ogg", "webm"];
    private static readonly string[] TranscriptExtensions = ["txt", "vtt", "json"];

    /// <summary>Extensions accepted for <paramref name="kind"/>, for messages and documentation.</summary>
    public static IReadOnlyList<string> ExtensionsFor(AttachmentKind kind) =>
        kind == AttachmentKind.Recording ? RecordingExtensions : TranscriptExtensions;

    /// <summary>
    /// Reads a blob name. Never throws: a name that does not follow the convention gives false and a reason.
    /// </summary>
    /// <param name="blobName">The name inside the container (the trigger's <c>{name}</c>).</param>
    /// <param name="expectedKind">The kind the container holds; an extension of the other kind is rejected.</param>
    /// <param name="result">The parsed name when valid.</param>
    /// <param name="reason">Why the name was rejected, when invalid.</param>
    public static bool TryParse(string? blobName, AttachmentKind expectedKind,
        [NotNullWhen(true)] out AttachmentBlobName? result, [NotNullWhen(false)] out string? reason)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(blobName))
        {
            reason = "The blob name is empty.";
            return false;
        }

        var parts = blobName.Split('/');
        if (parts.Length > 2)
        {
            reason = $"Blob name '{blobName}' has more than one folder; expected '{{callId}}.{{ext}}' or '{{workspaceId}}/{{callId}}.{{ext}}'.";
            return false;
        }

        var workspaceId = parts.Length == 2 ? parts[0] : DefaultWorkspace;
        var fileName = parts[^1];
        if (Workspaces.WorkspaceId.Problem(workspaceId, "workspace id") is { } workspaceProblem)
        {
            reason = $"Blob name '{blobName}': {workspaceProblem}";
            return false;
        }

        var dot = fileName.LastIndexOf('.');
        if (dot <= 0 || dot == fileName.Length - 1)
        {
            reason = $"Blob name '{blobName}' needs a call id and an extension, like '{{callId}}.{string.Join("|", ExtensionsFor(expectedKind))}'.";
            return false;
        }

        var callId = fileName[..dot];
        var extension = fileName[(dot + 1)..].ToLowerInvariant();
        if (IdProblem(callId, "call id") is { } callProblem)
        {
            reason = $"Blob name '{blobName}': {callProblem}";
            return false;
        }

        if (!ExtensionsFor(expectedKind).Contains(extension))
        {
            var noun = expectedKind == AttachmentKind.Recording ? "recording" : "transcript";
            reason = $"Blob name '{blobName}': '.{extension}' is not a {noun} format Callaro reads; use one of {string.Join(", ", ExtensionsFor(expectedKind).Select(e => "." + e))}.";
            return false;
        }

        result = new AttachmentBlobName(workspaceId, callId, extension, expectedKind);
        reason = null;
        return true;
    }

    // The ids become table keys and the call's event ids: the validator's own id rules decide, so a name this
    // accepts can never be refused later by CallIngestor (an exception there would fail the invocation and the
    // host would retry the blob forever). Surrounding whitespace is refused here only: in a file name it is a typo.
    private static string? IdProblem(string id, string what)
    {
        if (id.Length == 0) return $"the {what} is empty.";
        if (id.Trim().Length != id.Length) return $"the {what} starts or ends with whitespace.";
        return CallEventValidator.IdProblem(id, what);
    }
}
