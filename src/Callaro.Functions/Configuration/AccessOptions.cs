using System.Globalization;
using Callaro.Core.Workspaces;
using Callaro.Functions.Access;

namespace Callaro.Functions.Configuration;

/// <summary>Who may read the call log (<c>Callaro:Access</c>). Keys are stored as SHA-256 hashes, never in plain text.</summary>
public sealed class AccessOptions
{
    public const string SectionName = "Callaro:Access";

    /// <summary>
    /// Accept App Service Authentication's <c>X-MS-CLIENT-PRINCIPAL</c> header. Only safe behind App Service,
    /// which strips the header from incoming requests; locally anyone could forge it, hence off by default.
    /// </summary>
    public bool TrustAppServiceAuthentication { get; set; }

    /// <summary>The claim in an App Service principal that names a workspace the user may read.</summary>
    public string WorkspaceClaimType { get; set; } = "callaro_workspace";

    public List<AccessKeyOptions> Keys { get; set; } = [];

    /// <summary>
    /// Keys that sign browser sessions (base64, at least 32 bytes): the first signs, every one verifies, so
    /// a new key goes first and the old one stays second until its sessions have expired. Empty: one is
    /// derived from <c>Callaro__Webhooks__SigningSecret</c>.
    /// </summary>
    public List<string> SessionKeys { get; set; } = [];

    internal static IEnumerable<string> Problems(AccessOptions options)
    {
        for (var i = 0; i < options.SessionKeys.Count; i++)
        {
            if (!IsSessionKey(options.SessionKeys[i]))
            {
                yield return Settings.Invalid(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:SessionKeys:{i}"),
                    "expected at least 32 random bytes in base64, e.g. the output of: head -c 32 /dev/urandom | base64");
            }
        }

        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            var prefix = string.Create(CultureInfo.InvariantCulture, $"{SectionName}:Keys:{i}");
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                yield return Settings.Missing(prefix + ":Name");
            }

            if (!AccessKeyHash.IsSha256Hex(key.Sha256))
            {
                yield return Settings.Invalid(prefix + ":Sha256",
                    "expected the 64 hexadecimal characters of the key's SHA-256, e.g. the output of: printf %s \"$KEY\" | sha256sum");
            }

            foreach (var role in key.Roles.Where(r => !CallaroRoles.All.Contains(r)))
            {
                yield return Settings.Invalid(prefix + ":Roles",
                    $"unknown role '{role}'; the roles are {string.Join(", ", CallaroRoles.All)}.");
            }

            if (key.Workspaces.Count == 0)
            {
                yield return Settings.Invalid(prefix + ":Workspaces", "list the workspace ids the key may read (Workspaces__0, Workspaces__1, ...), or * for all.");
            }

            foreach (var grant in key.Workspaces.Where(w => !WorkspaceId.IsValidGrant(w)))
            {
                yield return Settings.Invalid(prefix + ":Workspaces",
                    $"'{grant}' is neither * (every workspace) nor a workspace id: {WorkspaceId.Rule}.");
            }
        }
    }

    private static bool IsSessionKey(string value)
    {
        var bytes = new byte[value.Length];
        return Convert.TryFromBase64String(value, bytes, out var length) && length >= 32;
    }
}

/// <summary>One access key: its name (for logs), the hash of its value, its roles and workspaces.</summary>
public sealed class AccessKeyOptions
{
    public string Name { get; set; } = "";

    /// <summary>Hex SHA-256 of the key's UTF-8 bytes.</summary>
    public string Sha256 { get; set; } = "";

    public List<string> Roles { get; set; } = [];

    /// <summary>Workspace ids, or <c>*</c> for every workspace.</summary>
    public List<string> Workspaces { get; set; } = [];
}
