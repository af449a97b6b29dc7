namespace Callaro.Functions.Webhooks;

/// <summary>
/// Webhook secrets and provider-account-to-workspace maps, bound from the <c>Callaro</c> section
/// (app settings <c>Callaro__Webhooks__SigningSecret</c>, <c>Callaro__Twilio__AuthToken</c>,
/// <c>Callaro__Twilio__Workspaces__{AccountSid}</c>, <c>Callaro__Vonage__SignatureSecret</c>,
/// <c>Callaro__Vonage__Workspaces__{applicationId}</c>, <c>Callaro__PublicBaseUrl</c>).
/// </summary>
public sealed class WebhookOptions
{
    /// <summary>The configuration section bound.</summary>
    public const string Section = "Callaro";

    /// <summary>
    /// The public address providers post to (e.g. <c>https://calls.example.com</c>), used to check
    /// Twilio signatures when the app sits behind a proxy that changes the host or scheme.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Callaro's own webhook.</summary>
    public CallaroWebhookOptions Webhooks { get; set; } = new();

    /// <summary>Twilio status and recording callbacks.</summary>
    public ProviderOptions Twilio { get; set; } = new();

    /// <summary>Vonage voice events.</summary>
    public ProviderOptions Vonage { get; set; } = new();

    /// <summary>Settings of Callaro's own webhook.</summary>
    public sealed class CallaroWebhookOptions
    {
        /// <summary>The HMAC secret shared with the Callaro platform. Required.</summary>
        public string? SigningSecret { get; set; }
    }

    /// <summary>Settings of one telephony provider; its endpoint rejects every delivery until the secret is set.</summary>
    public sealed class ProviderOptions
    {
        /// <summary>Twilio: the account's auth token.</summary>
        public string? AuthToken { get; set; }

        /// <summary>Vonage: the account's signature secret.</summary>
        public string? SignatureSecret { get; set; }

        /// <summary>Provider account (Twilio AccountSid, Vonage application id) to workspace id; unmapped means <c>default</c>.</summary>
        public Dictionary<string, string> Workspaces { get; set; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>The workspace of a provider account.</summary>
        public string WorkspaceOf(string? account) =>
            account is not null && Workspaces.TryGetValue(account, out var workspace) && !string.IsNullOrWhiteSpace(workspace)
                ? workspace
                : "default";
    }
}
