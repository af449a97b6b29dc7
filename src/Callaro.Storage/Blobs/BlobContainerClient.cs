using System.Globalization;
using System.Xml;
using Azure;
using Azure.Core;
using Callaro.Storage.Internal;

namespace Callaro.Storage.Blobs;

/// <summary>One blob container.</summary>
public class BlobContainerClient
{
    private readonly BlobContext _context = null!;
    private readonly string _name = "";

    /// <summary>For mocking.</summary>
    protected BlobContainerClient() { }

    /// <summary>Creates a client for one container from a connection string.</summary>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    public BlobContainerClient(string connectionString, string containerName, BlobClientOptions? options = null)
        : this(new BlobServiceClient(connectionString, options).GetBlobContainerClient(containerName))
    {
    }

    private BlobContainerClient(BlobContainerClient other)
        : this(other._context, other._name)
    {
    }

    internal BlobContainerClient(BlobContext context, string containerName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(containerName);
        _context = context;
        _name = containerName;
    }

    /// <summary>The container name.</summary>
    public virtual string Name => _name;

    /// <summary>The container URL.</summary>
    public virtual Uri Uri => new($"{_context.Endpoint}/{_name}");

    /// <summary>Creates the container (private access) unless it exists.</summary>
    /// <exception cref="RequestFailedException">The service refused (other than "already exists").</exception>
    public virtual async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateContainerMessage(RequestMethod.Put);
        var response = await StoragePipeline.SendAsync(_context.Pipeline, message, cancellationToken, 201, 409).ConfigureAwait(false);
        if (response.Status == 409 && !(response.Headers.TryGetValue("x-ms-error-code", out var code) && code == "ContainerAlreadyExists"))
        {
            throw StoragePipeline.CreateException(response);
        }
    }

    /// <summary>Deletes the container if it exists.</summary>
    /// <exception cref="RequestFailedException">A service error other than 404.</exception>
    public virtual async Task DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateContainerMessage(RequestMethod.Delete);
        await StoragePipeline.SendAsync(_context.Pipeline, message, cancellationToken, 202, 404).ConfigureAwait(false);
    }

    /// <summary>Gets a client for one blob (no request is made).</summary>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public virtual BlobClient GetBlobClient(string blobName) => new(_context, _name, blobName);

    /// <summary>Lists blobs by prefix, page by page, with their properties and metadata.</summary>
    /// <param name="prefix">Only blobs whose names start with this.</param>
    /// <param name="maxPerPage">Blobs per page (<c>maxresults</c>; the service caps pages at 5,000).</param>
    /// <param name="cancellationToken">Cancels paging.</param>
    /// <exception cref="RequestFailedException">While enumerating: a service error.</exception>
    public virtual AsyncPageable<BlobItem> GetBlobsAsync(string? prefix = null, int? maxPerPage = null, CancellationToken cancellationToken = default) =>
        new StoragePageable<BlobItem>((marker, size, ct) => ListPageAsync(prefix, size, marker, ct), maxPerPage, cancellationToken);

    private async ValueTask<Page<BlobItem>> ListPageAsync(string? prefix, int? maxResults, string? marker, CancellationToken cancellationToken)
    {
        using var message = CreateContainerMessage(RequestMethod.Get);
        var uri = message.Request.Uri;
        uri.AppendQuery("comp", "list");
        if (!string.IsNullOrEmpty(prefix))
        {
            uri.AppendQuery("prefix", prefix, escapeValue: true);
        }

        if (maxResults is { } max)
        {
            uri.AppendQuery("maxresults", max.ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(marker))
        {
            uri.AppendQuery("marker", marker, escapeValue: true);
        }

        uri.AppendQuery("include", "metadata");
        var response = await StoragePipeline.SendAsync(_context.Pipeline, message, cancellationToken, 200).ConfigureAwait(false);
        var (items, nextMarker) = ParseListing(response.Content.ToStream());
        return Page<BlobItem>.FromValues(items, nextMarker, response);
    }

    private HttpMessage CreateContainerMessage(RequestMethod method)
    {
        var message = _context.CreateMessage(method, "/" + _name);
        message.Request.Uri.AppendQuery("restype", "container");
        return message;
    }

    /// <summary>Reads an <c>EnumerationResults</c> document as a stream (listings can be large).</summary>
    internal static (List<BlobItem> Items, string? NextMarker) ParseListing(Stream xml)
    {
        var items = new List<BlobItem>();
        string? nextMarker = null;
        using var reader = XmlReader.Create(xml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true });
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.Name == "Blob")
            {
                items.Add(ReadBlob(reader.ReadSubtree()));
            }
            else if (reader.Name == "NextMarker")
            {
                var value = reader.ReadElementContentAsString();
                nextMarker = string.IsNullOrEmpty(value) ? null : value;
            }
        }

        return (items, nextMarker);
    }

    private static BlobItem ReadBlob(XmlReader subtree)
    {
        var blob = System.Xml.Linq.XElement.Load(subtree);
        var name = blob.Element("Name")?.Value;
        var properties = (blob.Element("Properties")?.Elements() ?? []).ToDictionary(e => e.Name.LocalName, e => e.Value, StringComparer.OrdinalIgnoreCase);
        var metadata = (blob.Element("Metadata")?.Elements() ?? []).ToDictionary(e => e.Name.LocalName, e => e.Value, StringComparer.OrdinalIgnoreCase);
        return new BlobItem
        {
            Name = name ?? throw new InvalidOperationException("A listed blob has no name."),
            Properties = new BlobProperties
            {
                ContentLength = properties.TryGetValue("Content-Length", out var length) ? long.Parse(length, CultureInfo.InvariantCulture) : 0,
                ContentType = properties.GetValueOrDefault("Content-Type"),
                ETag = properties.TryGetValue("Etag", out var etag) ? BlobClient.QuotedETag(etag) : default,
                LastModified = properties.TryGetValue("Last-Modified", out var modified) ? BlobClient.ParseHttpDate(modified) : default,
                CreatedOn = properties.TryGetValue("Creation-Time", out var created) ? BlobClient.ParseHttpDate(created) : null,
                Metadata = metadata,
            },
        };
    }
}
