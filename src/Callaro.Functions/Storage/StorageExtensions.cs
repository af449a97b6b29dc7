using Callaro.Core;
using Callaro.Functions.Configuration;
using Callaro.Storage.Blobs;
using Callaro.Storage.Tables;
using Microsoft.Extensions.Options;

namespace Callaro.Functions.Storage;

public static class StorageExtensions
{
    /// <summary>
    /// Registers one <see cref="TableServiceClient"/> and one <see cref="BlobServiceClient"/> for the app's
    /// lifetime (their pipelines pool connections), the <see cref="StorageNames"/> in use, and provisioning.
    /// </summary>
    public static IHostApplicationBuilder AddCallaroStorage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(sp => new TableServiceClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString));
        services.AddSingleton(sp => new BlobServiceClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString));
        services.AddSingleton(sp => new StorageNames(sp.GetRequiredService<IOptions<StorageOptions>>().Value.NamePrefix));
        services.AddSingleton<StorageProvisioner>();
        services.AddHostedService<ProvisionOnStart>();
        return builder;
    }
}
