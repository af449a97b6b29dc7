using Callaro.Core.Ingestion;
using Callaro.Functions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Callaro.Functions.Webhooks;

/// <summary>Registers what the webhook endpoints need.</summary>
public static class WebhooksExtensions
{
    /// <summary>
    /// Binds <see cref="ProviderWorkspaceOptions"/> and registers the <see cref="WebhookPipeline"/> and a no-op
    /// <see cref="IWebhookRejectionRecorder"/> unless one is registered. The ingestor comes from
    /// <c>AddCallaroCore</c>; the secrets from the app's options (<c>AddCallaroOptions</c>), validated at start-up.
    /// </summary>
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ProviderWorkspaceOptions>(ProviderWorkspaceOptions.Section, ProviderWorkspaceOptions.Problems);
        builder.Services.TryAddSingleton<IWebhookRejectionRecorder, NoWebhookRejectionRecorder>();
        builder.Services.TryAddSingleton<WebhookGate>();
        builder.Services.TryAddSingleton(sp => new WebhookPipeline(sp.GetRequiredService<WebhookGate>(), sp.GetRequiredService<CallIngestor>()));
        return builder;
    }
}
