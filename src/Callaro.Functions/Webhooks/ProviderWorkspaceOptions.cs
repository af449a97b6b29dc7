using Callaro.Core.Workspaces;

namespace Callaro.Functions.Webhooks;

/// <summary>
/// Which workspace a provider account's calls belong to, bound from the <c>Callaro</c> section:
/// <c>Callaro__Twilio__Workspaces__{AccountSid}</c> and <c>Callaro__Vonage__Workspaces__{applicationId}</c>
/// = workspace id. Unmapped accounts go to <c>default</c>. (The secrets themselves are the app's
/// <c>TwilioOptions</c>, <c>VonageOptions</c> and <c>WebhookOptions</c>, validated at start-up.)
/// </summary>
public sealed class ProviderWorkspaceOptions
{
    /// <summary>The configuration section bound.</summary>
    public const string Section = "Callaro";

    /// <summary>Twilio AccountSid to workspace.</summary>
    public WorkspaceMap Twilio { get; set; } = new();

    /// <summary>Vonage application id to workspace.</summary>
    public WorkspaceMap Vonage { get; set; } = new();

    /// <summary>Every mapping whose workspace breaks the workspace rule, named as its app setting.</summary>
    public static IEnumerable<string> Problems(ProviderWorkspaceOptions options) =>
        options.Twilio.Workspaces.Select(m => ("Twilio", m))
            .Concat(options.Vonage.Workspaces.Select(m => ("Vonage", m)))
            .Where(p => !WorkspaceId.IsValid(p.m.Value))
            .Select(p => Configuration.Settings.Invalid($"{Section}:{p.Item1}:Workspaces:{p.m.Key}", $"'{p.m.Value}' is not a workspace id: {WorkspaceId.Rule}."));

    /// <summary>Provider accounts to workspaces.</summary>
    public sealed class WorkspaceMap
    {
        /// <summary>Provider account to workspace id.</summary>
        public Dictionary<string, string> Workspaces { get; set; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>The workspace of a provider account; <c>default</c> when unmapped. Mapped ids are checked at start-up (<see cref="Problems"/>).</summary>
        public string WorkspaceOf(string? account) =>
            account is not null && Workspaces.TryGetValue(account, out var workspace) && !string.IsNullOrWhiteSpace(workspace)
                ? workspace
                : "default";
    }
}
