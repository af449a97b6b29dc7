using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Callaro.Functions.Webhooks;

/// <summary>Registers what the webhook endpoints need.</summary>
public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="ProviderWorkspaceOptions"/> and registers the webhook gate and a no-op
    /// <see cref="IWebhookRejectionRecorder"/> unless one is registered. The ingestor comes from
    /// <c>AddCallaroCore</c>; the secrets from the app's options (<c>AddCallaroOptions</c>), validated at start-up.
    /// </summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProviderWorkspaceOptions>().Bind(configuration.GetSection(ProviderWorkspaceOptions.Section));
        services.TryAddSingleton<IWebhookRejectionRecorder, NoWebhookRejectionRecorder>();
        services.TryAddSingleton<WebhookGate>();
        return services;
    }
}
