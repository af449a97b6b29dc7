namespace Callaro.Functions.Access;

/// <summary>
/// Endpoints whose senders prove themselves by a signature (the telephony webhooks). Their Authorization
/// header carries a provider's token (Vonage's JWT), not an access key, so the access-key handler leaves it
/// alone instead of logging a rejected key on every delivery.
/// </summary>
public static class SignedRequests
{
    public static TBuilder AuthenticatedBySignature<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Marker.Instance);

    internal static bool IsSignedEndpoint(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<Marker>() is not null;

    private sealed class Marker
    {
        public static readonly Marker Instance = new();
    }
}
