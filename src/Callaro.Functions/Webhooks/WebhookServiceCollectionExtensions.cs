using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Callaro.Functions.Webhooks;

/// <summary>Registers what the webhook endpoints need.</summary>
public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="WebhookOptions"/> from the <c>Callaro</c> section and validates it on start (the
    /// Callaro signing secret is required; a malformed public base URL fails start-up), registers the
    /// system clock if none is registered, and a no-op <see cref="IWebhookRejectionRecorder"/> unless
    /// one is registered. <c>CallIngestor</c> is registered by the core's own extension.
    /// </summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Webhooks.SigningSecret),
                "Callaro__Webhooks__SigningSecret is required: the secret Callaro signs its webhooks with.")
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicBaseUrl)
                    || (Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)),
                "Callaro__PublicBaseUrl must be an absolute http(s) URL such as https://calls.example.com.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWebhookRejectionRecorder, NoWebhookRejectionRecorder>();
        services.TryAddSingleton<WebhookGate>();
        return services;
    }
}
