using Callaro.Simulator.Planning;

namespace Callaro.Simulator.Providers;

/// <summary>A signed request ready to post: path relative to the app, exact body bytes, headers.</summary>
internal sealed record WebhookRequest(string Path, string ContentType, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers);

/// <summary>Writes a delivery in one sender's wire format and signs it as that sender does.</summary>
internal interface IWebhookFormatter
{
    /// <summary>
    /// Formats and signs. Called again for every retry, because signatures that carry a time
    /// (Callaro's <c>t=</c>, Vonage's <c>iat</c>) must be fresh when the request leaves.
    /// </summary>
    WebhookRequest Format(Delivery delivery, DateTimeOffset now);
}
