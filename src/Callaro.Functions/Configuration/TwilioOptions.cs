namespace Callaro.Functions.Configuration;

/// <summary>
/// What signs Twilio's callbacks (<c>Callaro:Twilio</c>): the account's auth token, and the secrets of
/// the webhook signing keys a Twilio Webhook Setting may sign with instead, by key id.
/// </summary>
public sealed class TwilioOptions
{
    public const string SectionName = "Callaro:Twilio";

    public string AuthToken { get; set; } = "";

    /// <summary>Signing key id (as sent in <c>X-Twilio-Webhooks-Signature-Settings: key=</c>) to its secret.</summary>
    public Dictionary<string, string> SigningKeys { get; set; } = new(StringComparer.Ordinal);

    public static IEnumerable<string> Problems(TwilioOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.AuthToken))
        {
            yield return Settings.Missing(SectionName + ":AuthToken");
        }

        foreach (var (id, secret) in options.SigningKeys)
        {
            if (string.IsNullOrWhiteSpace(secret))
            {
                yield return Settings.Invalid(SectionName + ":SigningKeys:" + id, "the signing key's secret is empty; give the secret Twilio showed when the key was created, or remove the setting.");
            }
        }
    }
}
