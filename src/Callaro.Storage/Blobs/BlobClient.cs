using System.Globalization;
using Azure;
using Azure.Core;
using Callaro.Storage.Internal;

namespace Callaro.Storage.Blobs;

/// <summary>One block blob.</summary>
public class BlobClient
{
    // A SAS starts a little in the past so a reader whose clock runs behind can use it at once.
    private static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    private readonly BlobContext _context = null!;
    private readonly string _containerName = "";
    private readonly string _name = "";

    /// <summary>For mocking.</summary>
    protected BlobClient() { }

    internal BlobClient(BlobContext context, string containerName, string blobName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blobName);
        _context = context;
        _containerName = containerName;
        _name = blobName;
    }

    /// <summary>The blob name.</summary>
    public virtual string Name => _name;

    /// <summary>The container name.</summary>
    public virtual string BlobContainerName => _containerName;

    /// <summary>The blob URL (no credentials in it).</summary>
    public virtual Uri Uri => new(_context.Endpoint + BlobPath);

    private string BlobPath => $"/{_containerName}/{EscapeBlobName(_name)}";

    /// <summary>Uploads the content as a block blob, replacing any existing blob unless conditions say otherwise.</summary>
    /// <exception cref="RequestFailedException">412/409 when a condition fails, or another service error.</exception>
    /// <exception cref="ArgumentException">A metadata name is not a C# identifier or a value is not ASCII.</exception>
    public virtual async Task<Response<BlobProperties>> UploadAsync(BinaryData content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var metadata = ValidateMetadata(options?.Metadata);
        using var message = _context.CreateMessage(RequestMethod.Put, BlobPath);
        var request = message.Request;
        request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
        var contentType = options?.ContentType ?? "application/octet-stream";
        request.Headers.SetValue("Content-Type", contentType);
        request.Headers.SetValue("x-ms-blob-content-type", contentType);
        foreach (var (key, value) in metadata)
        {
            request.Headers.SetValue("x-ms-meta-" + key, value);
        }

        if (options?.IfNoneMatchAll == true)
        {
            request.Headers.SetValue("If-None-Match", "*");
        }

        if (options?.IfMatch is { } ifMatch)
        {
            request.Headers.SetValue("If-Match", ifMatch.ToString("H"));
        }

        request.Content = RequestContent.Create(content);
        var response = await StoragePipeline.SendAsync(_context.Pipeline, message, cancellationToken, 201).ConfigureAwait(false);
        var properties = new BlobProperties
        {
            ContentLength = content.ToMemory().Length,
            ContentType = contentType,
            ETag = response.Headers.ETag ?? default,
            LastModified = response.Headers.TryGetValue("Last-Modified", out var modified) ? ParseHttpDate(modified) : default,
            CreatedOn = response.Headers.TryGetValue("x-ms-creation-time", out var created) ? ParseHttpDate(created) : null,
            Metadata = metadata,
        };
        return Response.FromValue(properties, response);
    }

    /// <summary>Uploads from a stream (read to the end; a retry needs the bytes again, so they are buffered).</summary>
    /// <exception cref="RequestFailedException">412/409 when a condition fails, or another service error.</exception>
    public virtual async Task<Response<BlobProperties>> UploadAsync(Stream content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var data = await BinaryData.FromStreamAsync(content, cancellationToken).ConfigureAwait(false);
        return await UploadAsync(data, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Downloads the whole blob into memory.</summary>
    /// <exception cref="RequestFailedException">404 when absent.</exception>
    public virtual async Task<Response<BlobDownloadResult>> DownloadContentAsync(CancellationToken cancellationToken = default)
    {
        using var message = _context.CreateMessage(RequestMethod.Get, BlobPath);
        var response = await StoragePipeline.SendAsync(_context.Pipeline, message, cancellationToken, 200).ConfigureAwait(false);
        return Response.FromValue(new BlobDownloadResult { Content = response.Content, Details = ReadProperties(response) }, response);
    }

    /// <summary>Opens the blob as a stream; the bytes are read from the network as the caller reads.</summary>
    /// <exception cref="RequestFailedException">404 when absent.</exception>
    public virtual async Task<Response<BlobDownloadStreamingResult>> DownloadStreamingAsync(CancellationToken cancellationToken = default)
    {
        using var message = _context.CreateMessage(RequestMethod.Get, BlobPath);
        message.BufferResponse = false;
        var response = await StoragePipeline.SendAsync(_context.Pipeline, message, cancellationToken, 200).ConfigureAwait(false);

        // Detach the network stream so disposing the message does not close it under the caller.
        var stream = message.ExtractResponseContent() ?? Stream.Null;
        return Response.FromValue(new BlobDownloadStreamingResult { Content = stream, Details = ReadProperties(response) }, response);
    }

    /// <summary>Reads properties and metadata.</summary>
    /// <exception cref="RequestFailedException">404 when absent, or another service error.</exception>
    public virtual async Task<Response<BlobProperties>> GetPropertiesAsync(CancellationToken cancellationToken = default)
    {
        using var message = _context.CreateMessage(RequestMethod.Head, BlobPath);
        var response = await StoragePipeline.SendAsync(_context.Pipeline, message, cancellationToken, 200).ConfigureAwait(false);
        return Response.FromValue(ReadProperties(response), response);
    }

    /// <summary>Whether the blob exists.</summary>
    /// <exception cref="RequestFailedException">A service error other than 404.</exception>
    public virtual async Task<Response<bool>> ExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = _context.CreateMessage(RequestMethod.Head, BlobPath);
        var response = await StoragePipeline.SendAsync(_context.Pipeline, message, cancellationToken, 200, 404).ConfigureAwait(false);
        return Response.FromValue(response.Status == 200, response);
    }

    /// <summary>Deletes the blob if it exists; true when something was deleted.</summary>
    /// <exception cref="RequestFailedException">A service error other than 404.</exception>
    public virtual async Task<Response<bool>> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = _context.CreateMessage(RequestMethod.Delete, BlobPath);
        var response = await StoragePipeline.SendAsync(_context.Pipeline, message, cancellationToken, 202, 404).ConfigureAwait(false);
        return Response.FromValue(response.Status == 202, response);
    }

    /// <summary>Whether this client can sign a service SAS itself (it holds an account key).</summary>
    public virtual bool CanGenerateSasUri => _context.Auth.SharedKey is not null;

    /// <summary>A service SAS URL signed with the account key, valid from five minutes ago until <paramref name="expiresOn"/>.</summary>
    /// <exception cref="InvalidOperationException">The client has no account key.</exception>
    /// <exception cref="ArgumentException">No permission is granted.</exception>
    public virtual Uri GenerateSasUri(BlobSasPermissions permissions, DateTimeOffset expiresOn) =>
        GenerateSasUri(permissions, DateTimeOffset.UtcNow - ClockSkewAllowance, expiresOn);

    /// <summary>A service SAS URL signed with the account key, valid from <paramref name="startsOn"/> until <paramref name="expiresOn"/>.</summary>
    /// <exception cref="InvalidOperationException">The client has no account key.</exception>
    /// <exception cref="ArgumentException">No permission is granted.</exception>
    public virtual Uri GenerateSasUri(BlobSasPermissions permissions, DateTimeOffset? startsOn, DateTimeOffset expiresOn)
    {
        var key = _context.Auth.SharedKey ?? throw new InvalidOperationException(
            "This blob client has no account key, so it cannot sign a service SAS; use GenerateReadSasUriAsync with a token credential instead.");
        var query = BlobSasSigner.ServiceSas(SasValues(permissions, startsOn, expiresOn), key);
        return new Uri(_context.Endpoint + BlobPath + "?" + query);
    }

    /// <summary>A read link that works with either credential: service SAS with a key, user delegation SAS with a token credential.</summary>
    /// <exception cref="InvalidOperationException">The client authenticates with a SAS and can mint no links.</exception>
    /// <exception cref="RequestFailedException">The service refused a user delegation key.</exception>
    public virtual async Task<Uri> GenerateReadSasUriAsync(DateTimeOffset expiresOn, CancellationToken cancellationToken = default)
    {
        if (CanGenerateSasUri)
        {
            return GenerateSasUri(BlobSasPermissions.Read, expiresOn);
        }

        if (_context.Auth.Token is null)
        {
            throw new InvalidOperationException("This blob client authenticates with a SAS; it can sign no links. Use an account key or a token credential.");
        }

        var startsOn = DateTimeOffset.UtcNow - ClockSkewAllowance;
        var key = await _context.GetUserDelegationKeyAsync(startsOn, expiresOn, cancellationToken).ConfigureAwait(false);
        var query = BlobSasSigner.UserDelegationSas(SasValues(BlobSasPermissions.Read, startsOn, expiresOn), key);
        return new Uri(_context.Endpoint + BlobPath + "?" + query);
    }

    private BlobSasValues SasValues(BlobSasPermissions permissions, DateTimeOffset? startsOn, DateTimeOffset expiresOn) => new(
        _context.AccountName,
        _containerName,
        _name,
        permissions,
        startsOn,
        expiresOn,
        _context.Endpoint.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? "https" : "https,http",
        _context.Version);

    internal static BlobProperties ReadProperties(Response response)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers)
        {
            if (header.Name.StartsWith("x-ms-meta-", StringComparison.OrdinalIgnoreCase))
            {
                metadata[header.Name["x-ms-meta-".Length..]] = header.Value;
            }
        }

        var headers = response.Headers;
        return new BlobProperties
        {
            ContentLength = headers.ContentLength ?? 0,
            ContentType = headers.ContentType,
            ETag = headers.ETag ?? default,
            LastModified = headers.TryGetValue("Last-Modified", out var modified) ? ParseHttpDate(modified) : default,
            CreatedOn = headers.TryGetValue("x-ms-creation-time", out var created) ? ParseHttpDate(created) : null,
            Metadata = metadata,
        };
    }

    internal static DateTimeOffset ParseHttpDate(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    internal static ETag QuotedETag(string value) => new(value.StartsWith('"') ? value : $"\"{value}\"");

    /// <summary>Percent-encodes each path segment of a blob name, keeping the '/' separators.</summary>
    internal static string EscapeBlobName(string name) =>
        string.Join('/', name.Split('/').Select(Uri.EscapeDataString));

    private static Dictionary<string, string> ValidateMetadata(IDictionary<string, string>? metadata)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (metadata is null)
        {
            return result;
        }

        foreach (var (key, value) in metadata)
        {
            if (string.IsNullOrEmpty(key) || !(char.IsAsciiLetter(key[0]) || key[0] == '_') || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new ArgumentException($"Blob metadata name '{key}' must be a C# identifier (ASCII letters, digits, '_').", nameof(metadata));
            }

            if (value is null || !value.All(c => c is >= ' ' and <= '~'))
            {
                throw new ArgumentException($"Blob metadata '{key}' must have a printable ASCII value.", nameof(metadata));
            }

            result[key] = value;
        }

        return result;
    }
}
