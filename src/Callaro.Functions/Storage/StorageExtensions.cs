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
        // First of the hosted services: the worker's connection to the Functions host starts as a hosted service too,
        // and invocations may arrive as soon as it has, so storage must be provisioned before it.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, ProvisionOnStart>());
        return builder;
    }
}
