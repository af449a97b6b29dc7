using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Callaro.FunctionsHost.Configuration;

namespace Callaro.FunctionsHost.Storage;

/// <summary>
/// The storage the host keeps its own state in (timer status, blob receipts in <c>azure-webjobs-hosts</c> of
/// AzureWebJobsStorage) and the accounts that bindings name by connection.
/// </summary>
internal sealed class HostStorage(AppSettings settings, string hostId)
{
    public const string HostContainerName = "azure-webjobs-hosts";
    private readonly SemaphoreSlim _hostContainerReady = new(1, 1);
    private bool _hostContainerCreated;

    public string HostId => hostId;

    public async Task<BlobContainerClient> HostContainerAsync(CancellationToken cancellationToken)
    {
        var container = BlobService("AzureWebJobsStorage").GetBlobContainerClient(HostContainerName);
        if (_hostContainerCreated)
        {
            return container;
        }

        await _hostContainerReady.WaitAsync(cancellationToken);
        try
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _hostContainerCreated = true;
            return container;
        }
        finally
        {
            _hostContainerReady.Release();
        }
    }

    /// <exception cref="InvalidOperationException">No connection string is configured under that name.</exception>
    public BlobServiceClient BlobService(string connection) => new(ConnectionString(connection));

    /// <exception cref="InvalidOperationException">No connection string is configured under that name.</exception>
    public QueueServiceClient QueueService(string connection) =>
        new(ConnectionString(connection), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    // Binding connections are looked up as the host does: the name itself, then AzureWebJobs<name>.
    private string ConnectionString(string connection)
    {
        var value = settings[connection] ?? settings[$"AzureWebJobs{connection}"] ?? settings[$"ConnectionStrings:{connection}"];
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        if (settings[$"{connection}__blobServiceUri"] is not null || settings[$"{connection}__serviceUri"] is not null)
        {
            throw new InvalidOperationException(
                $"Connection '{connection}' is identity-based; the local host needs a connection string in app setting '{connection}' (e.g. UseDevelopmentStorage=true for Azurite).");
        }

        throw new InvalidOperationException(
            $"The connection '{connection}' is not configured: set the app setting '{connection}' to a storage connection string (e.g. UseDevelopmentStorage=true for Azurite).");
    }
}
