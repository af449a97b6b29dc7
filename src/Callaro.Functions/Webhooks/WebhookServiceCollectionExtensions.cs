using Callaro.Core;
using Callaro.Core.Ingestion;
using Callaro.Core.Workspaces;
using Callaro.Storage.Tables;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Callaro.Functions.Webhooks;

/// <summary>Registers what the webhook endpoints need.</summary>
public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="WebhookOptions"/> from the <c>Callaro</c> section and validates it on start (the
    /// Callaro signing secret is required; a malformed public base URL fails start-up), registers the
    /// system clock if none is registered, and a no-op <see cref="IWebhookRejectionRecorder"/> unless
    /// one is registered, and — unless already registered — the <see cref="CallIngestor"/> and the
    /// workspace settings store it reads time zones from (both on the app's <see cref="TableServiceClient"/>
    /// and <see cref="StorageNames"/>, which storage registration provides).
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
        services.TryAddSingleton(sp => new WorkspaceSettingsStore(
            sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<StorageNames>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IWorkspaceTimeZoneSource>(sp => sp.GetRequiredService<WorkspaceSettingsStore>());
        services.TryAddSingleton(sp => new CallIngestor(
            sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<StorageNames>(),
            sp.GetRequiredService<IWorkspaceTimeZoneSource>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
