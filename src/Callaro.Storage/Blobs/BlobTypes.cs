using Azure;
using Azure.Core;

namespace Callaro.Storage.Blobs;

/// <summary>Options for blob clients: retries, diagnostics, extra pipeline policies.</summary>
public sealed class BlobClientOptions : ClientOptions
{
    /// <summary>The <c>x-ms-version</c> sent with every request.</summary>
    public string ServiceVersion { get; set; } = "2021-12-02";

    /// <summary>The clock that dates requests (tests replace it).</summary>
    internal TimeProvider Clock { get; set; } = TimeProvider.System;
}

/// <summary>What to send with an upload.</summary>
public sealed class BlobUploadOptions
{
    /// <summary>The blob's content type.</summary>
    public string? ContentType { get; set; }

    /// <summary>User metadata (names must be C# identifiers; values ASCII).</summary>
    public IDictionary<string, string>? Metadata { get; set; }

    /// <summary>Only upload if the blob does not exist yet (<c>If-None-Match: *</c>).</summary>
    public bool IfNoneMatchAll { get; set; }

    /// <summary>Only upload if the blob's ETag matches.</summary>
    public ETag? IfMatch { get; set; }
}

/// <summary>A blob's system properties and metadata.</summary>
public sealed class BlobProperties
{
    /// <summary>Size in bytes.</summary>
    public long ContentLength { get; init; }
    /// <summary>The content type.</summary>
    public string? ContentType { get; init; }
    /// <summary>The ETag; changes with every write.</summary>
    public ETag ETag { get; init; }
    /// <summary>Last modification time.</summary>
    public DateTimeOffset LastModified { get; init; }
    /// <summary>Creation time, when the service reports it.</summary>
    public DateTimeOffset? CreatedOn { get; init; }
    /// <summary>User metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}

/// <summary>A blob in a listing.</summary>
public sealed class BlobItem
{
    /// <summary>The blob name.</summary>
    public required string Name { get; init; }
    /// <summary>Its properties (metadata included when listed with metadata).</summary>
    public required BlobProperties Properties { get; init; }
}

/// <summary>A downloaded blob held in memory.</summary>
public sealed class BlobDownloadResult
{
    /// <summary>The bytes.</summary>
    public required BinaryData Content { get; init; }
    /// <summary>The properties at download time.</summary>
    public required BlobProperties Details { get; init; }
}

/// <summary>A blob opened for streaming.</summary>
public sealed class BlobDownloadStreamingResult : IDisposable
{
    /// <summary>The content stream; dispose when done.</summary>
    public required Stream Content { get; init; }
    /// <summary>The properties at download time.</summary>
    public required BlobProperties Details { get; init; }
    /// <inheritdoc />
    public void Dispose() => Content.Dispose();
}

/// <summary>Permissions a SAS grants.</summary>
[Flags]
public enum BlobSasPermissions
{
    /// <summary>Read the blob.</summary>
    Read = 1,
    /// <summary>Write the blob.</summary>
    Write = 2,
    /// <summary>Create the blob.</summary>
    Create = 4,
    /// <summary>Delete the blob.</summary>
    Delete = 8,
    /// <summary>List (container SAS).</summary>
    List = 16,
}
