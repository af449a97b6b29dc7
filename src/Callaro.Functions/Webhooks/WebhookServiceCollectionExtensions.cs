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
    /// Binds <see cref="ProviderWorkspaceOptions"/>, registers the system clock if none is registered, a
    /// no-op <see cref="IWebhookRejectionRecorder"/> unless one is registered, and — unless already
    /// registered — the <see cref="CallIngestor"/> and the workspace settings store it reads time zones
    /// from (both on the app's <see cref="TableServiceClient"/> and <see cref="StorageNames"/>). The
    /// secrets come from the app's options (<c>AddCallaroOptions</c>), validated at start-up.
    /// </summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProviderWorkspaceOptions>().Bind(configuration.GetSection(ProviderWorkspaceOptions.Section));
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
