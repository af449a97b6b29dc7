using Azure;
using Azure.Core;

namespace Callaro.Storage.Blobs;

/// <summary>The Blob service of one storage account.</summary>
public class BlobServiceClient
{
    /// <summary>For mocking.</summary>
    protected BlobServiceClient() { }

    /// <summary>Creates a client from a connection string.</summary>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    public BlobServiceClient(string connectionString, BlobClientOptions? options = null) => throw new NotImplementedException();

    /// <summary>Creates a client with a token credential (managed identity; SAS links become user delegation SAS).</summary>
    public BlobServiceClient(Uri endpoint, TokenCredential credential, BlobClientOptions? options = null) => throw new NotImplementedException();

    /// <summary>The account name.</summary>
    public virtual string AccountName => throw new NotImplementedException();

    /// <summary>Gets a client for one container (no request is made).</summary>
    public virtual BlobContainerClient GetBlobContainerClient(string containerName) => throw new NotImplementedException();

    /// <summary>Reads the service properties; used as a reachability probe.</summary>
    public virtual Task<Response> GetPropertiesAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
