namespace Callaro.Core.Workspaces;

/// <summary>
/// The one rule for a workspace id, wherever one enters: webhook events, provider account mappings, blob
/// names, reads, settings and access-key grants. A call can only be listed if its workspace can be asked
/// for, so ingest accepts exactly the ids the readers accept. <c>*</c> is not a workspace: it is reserved
/// for access grants meaning "every workspace".
/// </summary>
public static class WorkspaceId
{
    /// <summary>The workspace a request or event means when it names none.</summary>
    public const string Default = "default";

    /// <summary>The grant that means every workspace; never a workspace id itself.</summary>
    public const string AllWorkspaces = "*";

    /// <summary>Longest id accepted.</summary>
    public const int MaxLength = 64;

    /// <summary>The rule in words, for error messages.</summary>
    public const string Rule = "a workspace id is 1 to 64 ASCII letters, digits, '-' or '.'";

    /// <summary>True when <paramref name="id"/> follows the rule.</summary>
    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');

    /// <summary>What is wrong with <paramref name="id"/>, as a sentence naming <paramref name="name"/>; null when it is valid.</summary>
    public static string? Problem(string? id, string name = "workspace")
    {
        if (IsValid(id))
        {
            return null;
        }

        return id switch
        {
            null or "" => $"{name} is required; {Rule}.",
            AllWorkspaces => $"{name} '*' is reserved for access grants (every workspace); name one workspace: {Rule}.",
            _ => $"{name} '{Printable(id)}' is not valid: {Rule}.",
        };
    }

    /// <summary>True for a grant an access key or principal may hold: a valid workspace id or <see cref="AllWorkspaces"/>.</summary>
    public static bool IsValidGrant(string? grant) => grant == AllWorkspaces || IsValid(grant);

    // The id came from a request: echo a short excerpt with anything unprintable shown as '?'.
    private static string Printable(string id)
    {
        var excerpt = id.Length <= 40 ? id : id[..40] + "…";
        return new string([.. excerpt.Select(c => char.IsControl(c) || char.IsSurrogate(c) || c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' ? '?' : c)]);
    }
}
