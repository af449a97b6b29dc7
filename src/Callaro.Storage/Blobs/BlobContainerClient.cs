using Azure;

namespace Callaro.Storage.Blobs;

/// <summary>One blob container.</summary>
public class BlobContainerClient
{
    /// <summary>For mocking.</summary>
    protected BlobContainerClient() { }

    /// <summary>The container name.</summary>
    public virtual string Name => throw new NotImplementedException();

    /// <summary>The container URL.</summary>
    public virtual Uri Uri => throw new NotImplementedException();

    /// <summary>Creates the container (private access) unless it exists.</summary>
    public virtual Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Deletes the container if it exists.</summary>
    public virtual Task DeleteIfExistsAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Gets a client for one blob (no request is made).</summary>
    public virtual BlobClient GetBlobClient(string blobName) => throw new NotImplementedException();

    /// <summary>Lists blobs by prefix, page by page, with their properties and metadata.</summary>
    public virtual AsyncPageable<BlobItem> GetBlobsAsync(string? prefix = null, int? maxPerPage = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
