using Azure;

namespace Callaro.Storage;

/// <summary>
/// A parsed Azure Storage connection string: <c>UseDevelopmentStorage=true</c>, account name/key with
/// <c>EndpointSuffix</c> or explicit <c>TableEndpoint</c>/<c>BlobEndpoint</c>, or <c>SharedAccessSignature</c>.
/// </summary>
public sealed class StorageConnectionString
{
    private StorageConnectionString() { }

    /// <summary>The storage account name (from the key, or the endpoint host).</summary>
    public string AccountName { get; private init; } = "";

    /// <summary>The base64 account key, when the string carries one.</summary>
    public string? AccountKey { get; private init; }

    /// <summary>The SAS token (without leading <c>?</c>), when the string carries one.</summary>
    public string? SharedAccessSignature { get; private init; }

    /// <summary>The Table service endpoint.</summary>
    public Uri? TableEndpoint { get; private init; }

    /// <summary>The Blob service endpoint.</summary>
    public Uri? BlobEndpoint { get; private init; }

    /// <summary>Parses a connection string.</summary>
    /// <exception cref="FormatException">The string is malformed; the message names the bad part.</exception>
    public static StorageConnectionString Parse(string connectionString) => throw new NotImplementedException();
}
