using Callaro.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Data.Tables;

namespace Callaro.Functions.Storage;

/// <summary>Creates every table and container listed in <see cref="StorageNames"/> that does not exist yet.</summary>
public sealed class StorageProvisioner(
    TableServiceClient tables, BlobServiceClient blobs, StorageNames names, ILogger<StorageProvisioner> logger)
{
    /// <exception cref="Azure.RequestFailedException">Storage refused or could not be reached.</exception>
    public async Task ProvisionAsync(CancellationToken cancellationToken = default)
    {
        // Few enough names that doing them in parallel only adds contention; one at a time is clearer in logs.
        foreach (var table in names.Tables)
        {
            await tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        }

        foreach (var container in names.Containers)
        {
            await blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        logger.LogInformation("Storage provisioned: tables {Tables}; containers {Containers}",
            string.Join(", ", names.Tables), string.Join(", ", names.Containers));
    }
}
