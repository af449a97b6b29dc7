using Azure;

namespace Callaro.Storage.Blobs;

/// <summary>One block blob.</summary>
public class BlobClient
{
    /// <summary>For mocking.</summary>
    protected BlobClient() { }

    /// <summary>The blob name.</summary>
    public virtual string Name => throw new NotImplementedException();

    /// <summary>The container name.</summary>
    public virtual string BlobContainerName => throw new NotImplementedException();

    /// <summary>The blob URL (no credentials in it).</summary>
    public virtual Uri Uri => throw new NotImplementedException();

    /// <summary>Uploads the content as a block blob, replacing any existing blob unless conditions say otherwise.</summary>
    /// <exception cref="RequestFailedException">412/409 when a condition fails, or another service error.</exception>
    public virtual Task<Response<BlobProperties>> UploadAsync(BinaryData content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Uploads from a stream.</summary>
    public virtual Task<Response<BlobProperties>> UploadAsync(Stream content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Downloads the whole blob into memory.</summary>
    /// <exception cref="RequestFailedException">404 when absent.</exception>
    public virtual Task<Response<BlobDownloadResult>> DownloadContentAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Opens the blob as a stream.</summary>
    public virtual Task<Response<BlobDownloadStreamingResult>> DownloadStreamingAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Reads properties and metadata.</summary>
    public virtual Task<Response<BlobProperties>> GetPropertiesAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Whether the blob exists.</summary>
    public virtual Task<Response<bool>> ExistsAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Deletes the blob if it exists; true when something was deleted.</summary>
    public virtual Task<Response<bool>> DeleteIfExistsAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Whether this client can sign a service SAS itself (it holds an account key).</summary>
    public virtual bool CanGenerateSasUri => throw new NotImplementedException();

    /// <summary>A service SAS URL signed with the account key.</summary>
    /// <exception cref="InvalidOperationException">The client has no account key.</exception>
    public virtual Uri GenerateSasUri(BlobSasPermissions permissions, DateTimeOffset expiresOn) => throw new NotImplementedException();

    /// <summary>A read link that works with either credential: service SAS with a key, user delegation SAS with a token credential.</summary>
    public virtual Task<Uri> GenerateReadSasUriAsync(DateTimeOffset expiresOn, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
