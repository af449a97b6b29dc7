using Callaro.Core;
using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Core.Settings;
using Callaro.Core.Workspaces;
using Azure.Data.Tables;

namespace Callaro.Functions.Hosting;

public static class CoreServicesExtensions
{
    /// <summary>
    /// Registers the domain services several function groups share — the clock, workspace and campaign settings,
    /// the ingestor, the record reader and which workspaces exist — once, on the app's storage clients (<c>AddCallaroStorage</c>). One
    /// instance of each settings store, so a settings PUT is seen at once by every reader's cache on this instance.
    /// </summary>
    public static IHostApplicationBuilder AddCallaroCore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new WorkspaceSettingsStore(
            sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<StorageNames>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IWorkspaceTimeZoneSource>(sp => sp.GetRequiredService<WorkspaceSettingsStore>());
        services.AddSingleton(sp => new CampaignSettingsStore(
            sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<StorageNames>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new CallIngestor(
            sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<StorageNames>(),
            sp.GetRequiredService<IWorkspaceTimeZoneSource>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new DisplayNameSource(
            sp.GetRequiredService<WorkspaceSettingsStore>(), sp.GetRequiredService<CampaignSettingsStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new KnownWorkspaces(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<StorageNames>()));
        services.AddSingleton(sp => new CallRecordReader(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<StorageNames>()));
        return builder;
    }
}
