using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Callaro.Storage.Internal;

namespace Callaro.Storage.Blobs;

/// <summary>The Blob service of one storage account.</summary>
public class BlobServiceClient
{
    private readonly BlobContext _context = null!;

    /// <summary>For mocking.</summary>
    protected BlobServiceClient() { }

    /// <summary>Creates a client from a connection string (Shared Key or SAS).</summary>
    /// <exception cref="FormatException">The connection string is malformed, or names no Blob endpoint.</exception>
    public BlobServiceClient(string connectionString, BlobClientOptions? options = null)
    {
        var parsed = StorageConnectionString.Parse(connectionString);
        var endpoint = parsed.BlobEndpoint ?? throw new FormatException("The storage connection string has no Blob endpoint; add 'BlobEndpoint=' or 'AccountName='.");
        _context = BlobContext.Create(endpoint, parsed.AccountName, StorageAuth.From(parsed), options);
    }

    /// <summary>Creates a client with a token credential (managed identity; SAS links become user delegation SAS).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public BlobServiceClient(Uri endpoint, TokenCredential credential, BlobClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credential);
        _context = BlobContext.Create(endpoint, StorageConnectionString.AccountNameFromEndpoint(endpoint), new StorageAuth(null, null, credential), options);
    }

    /// <summary>Creates a client with a SAS credential (it cannot mint SAS links of its own).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public BlobServiceClient(Uri endpoint, AzureSasCredential credential, BlobClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credential);
        _context = BlobContext.Create(endpoint, StorageConnectionString.AccountNameFromEndpoint(endpoint), new StorageAuth(null, credential, null), options);
    }

    /// <summary>The account name.</summary>
    public virtual string AccountName => _context.AccountName;

    /// <summary>The service endpoint.</summary>
    public virtual Uri Uri => new(_context.Endpoint);

    /// <summary>Gets a client for one container (no request is made).</summary>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public virtual BlobContainerClient GetBlobContainerClient(string containerName) => new(_context, containerName);

    /// <summary>Reads the service properties; used as a reachability probe.</summary>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response> GetPropertiesAsync(CancellationToken cancellationToken = default)
    {
        using var message = _context.CreateMessage(RequestMethod.Get, "/");
        message.Request.Uri.AppendQuery("restype", "service");
        message.Request.Uri.AppendQuery("comp", "properties");
        return await StoragePipeline.SendAsync(_context.Pipeline, message, cancellationToken, 200).ConfigureAwait(false);
    }
}

/// <summary>What every blob client of one account shares: pipeline, endpoint and the credential for SAS.</summary>
internal sealed class BlobContext
{
    private BlobContext(HttpPipeline pipeline, string endpoint, string accountName, StorageAuth auth, string version)
    {
        Pipeline = pipeline;
        Endpoint = endpoint;
        _endpointUri = new Uri(endpoint);
        AccountName = accountName;
        Auth = auth;
        Version = version;
    }

    private readonly Uri _endpointUri;

    public HttpPipeline Pipeline { get; }

    /// <summary>The endpoint without a trailing slash.</summary>
    public string Endpoint { get; }

    public string AccountName { get; }

    public StorageAuth Auth { get; }

    public string Version { get; }

    public static BlobContext Create(Uri endpoint, string accountName, StorageAuth auth, BlobClientOptions? options)
    {
        options ??= new BlobClientOptions();
        var pipeline = StoragePipeline.Build(options, options.ServiceVersion, StorageService.Blob, auth, options.Clock);
        return new BlobContext(pipeline, endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/'), accountName, auth, options.ServiceVersion);
    }

    public HttpMessage CreateMessage(RequestMethod method, string path)
    {
        var message = Pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(_endpointUri);
        message.Request.Uri.AppendPath(path, escape: false);
        return message;
    }

    /// <summary>Asks the service for a key to sign user delegation SAS (token credentials only).</summary>
    public async Task<UserDelegationKey> GetUserDelegationKeyAsync(DateTimeOffset startsOn, DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Post, "/");
        message.Request.Uri.AppendQuery("restype", "service");
        message.Request.Uri.AppendQuery("comp", "userdelegationkey");
        message.Request.Headers.SetValue("Content-Type", "application/xml");
        var body = new XElement("KeyInfo",
            new XElement("Start", BlobSasSigner.FormatTime(startsOn)),
            new XElement("Expiry", BlobSasSigner.FormatTime(expiresOn)));
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body.ToString(SaveOptions.DisableFormatting)));
        var response = await StoragePipeline.SendAsync(Pipeline, message, cancellationToken, 200).ConfigureAwait(false);
        var xml = XDocument.Load(response.Content.ToStream()).Root!;
        string Read(string name) => xml.Element(name)?.Value ?? throw new InvalidOperationException($"The user delegation key answer has no {name}.");
        return new UserDelegationKey(
            Read("SignedOid"),
            Read("SignedTid"),
            DateTimeOffset.Parse(Read("SignedStart"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            DateTimeOffset.Parse(Read("SignedExpiry"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            Read("SignedService"),
            Read("SignedVersion"),
            Read("Value"));
    }
}
