using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Callaro.Storage.Internal;

namespace Callaro.Storage.Tables;

/// <summary>The Table service of one storage account.</summary>
public class TableServiceClient
{
    /// <summary>For mocking.</summary>
    protected TableServiceClient() { }

    /// <summary>Creates a client from a connection string (Shared Key or SAS).</summary>
    /// <exception cref="FormatException">The connection string is malformed, or names no Table endpoint.</exception>
    public TableServiceClient(string connectionString, TableClientOptions? options = null)
    {
        var parsed = StorageConnectionString.Parse(connectionString);
        var endpoint = parsed.TableEndpoint ?? throw new FormatException("The storage connection string has no Table endpoint; add 'TableEndpoint=' or 'AccountName='.");
        Init(endpoint, parsed.AccountName, StorageAuth.From(parsed), options);
    }

    /// <summary>Creates a client with a token credential (managed identity).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public TableServiceClient(Uri endpoint, TokenCredential credential, TableClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credential);
        Init(endpoint, StorageConnectionString.AccountNameFromEndpoint(endpoint), new StorageAuth(null, null, credential), options);
    }

    /// <summary>Creates a client with a SAS credential.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public TableServiceClient(Uri endpoint, AzureSasCredential credential, TableClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credential);
        Init(endpoint, StorageConnectionString.AccountNameFromEndpoint(endpoint), new StorageAuth(null, credential, null), options);
    }

    internal HttpPipeline Pipeline { get; private set; } = null!;

    /// <summary>The endpoint without a trailing slash (string concatenation keeps path-style URLs intact).</summary>
    internal string Endpoint { get; private set; } = "";

    private Uri EndpointUri { get; set; } = null!;

    private string _accountName = "";

    private void Init(Uri endpoint, string accountName, StorageAuth auth, TableClientOptions? options)
    {
        options ??= new TableClientOptions();
        Endpoint = endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
        EndpointUri = new Uri(Endpoint);
        _accountName = accountName;
        Pipeline = StoragePipeline.Build(options, options.ServiceVersion, StorageService.Table, auth, options.Clock);
    }

    /// <summary>The account name.</summary>
    public virtual string AccountName => _accountName;

    /// <summary>The service endpoint.</summary>
    public virtual Uri Uri => new(Endpoint);

    /// <summary>Gets a client for one table (no request is made).</summary>
    public virtual TableClient GetTableClient(string tableName) => new(Pipeline, Endpoint, tableName);

    /// <summary>Creates the table unless it exists.</summary>
    /// <exception cref="RequestFailedException">The service refused (other than "already exists").</exception>
    public virtual Task CreateTableIfNotExistsAsync(string tableName, CancellationToken cancellationToken = default) =>
        CreateTableIfNotExistsAsync(Pipeline, EndpointUri, tableName, cancellationToken);

    internal static async Task CreateTableIfNotExistsAsync(HttpPipeline pipeline, Uri endpoint, string tableName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        using var message = TableClient.CreateMessage(pipeline, endpoint, RequestMethod.Post, "/Tables");
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        message.Request.Headers.SetValue("Content-Type", TableClient.JsonContentType);
        message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = tableName }));

        // 409 TableAlreadyExists is the normal answer for every start after the first.
        var response = await StoragePipeline.SendAsync(pipeline, message, cancellationToken, 201, 204, 409).ConfigureAwait(false);
        if (response.Status == 409 && !(response.Headers.TryGetValue("x-ms-error-code", out var code) && code == "TableAlreadyExists"))
        {
            throw StoragePipeline.CreateException(response);
        }
    }

    /// <summary>Reads the service properties; used as a reachability probe.</summary>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual async Task<Response> GetPropertiesAsync(CancellationToken cancellationToken = default)
    {
        using var message = TableClient.CreateMessage(Pipeline, EndpointUri, RequestMethod.Get, "/");
        message.Request.Uri.AppendQuery("restype", "service");
        message.Request.Uri.AppendQuery("comp", "properties");
        message.Request.Headers.SetValue("Accept", "application/xml");
        return await StoragePipeline.SendAsync(Pipeline, message, cancellationToken, 200).ConfigureAwait(false);
    }

    /// <summary>Lists tables, optionally filtered (e.g. <c>TableName ge 'a'</c>).</summary>
    /// <exception cref="RequestFailedException">While enumerating: a service error.</exception>
    public virtual AsyncPageable<TableItem> QueryAsync(string? filter = null, int? maxPerPage = null, CancellationToken cancellationToken = default) =>
        new StoragePageable<TableItem>((token, top, ct) => QueryTablesPageAsync(filter, top, token, ct), maxPerPage, cancellationToken);

    private async ValueTask<Page<TableItem>> QueryTablesPageAsync(string? filter, int? top, string? continuation, CancellationToken cancellationToken)
    {
        using var message = TableClient.CreateMessage(Pipeline, EndpointUri, RequestMethod.Get, "/Tables");
        var uri = message.Request.Uri;
        if (!string.IsNullOrEmpty(filter))
        {
            uri.AppendQuery("$filter", filter, escapeValue: true);
        }

        if (top is { } t)
        {
            uri.AppendQuery("$top", t.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(continuation))
        {
            uri.AppendQuery("NextTableName", continuation, escapeValue: true);
        }

        var response = await StoragePipeline.SendAsync(Pipeline, message, cancellationToken, 200).ConfigureAwait(false);
        var items = new List<TableItem>();
        using (var doc = JsonDocument.Parse(response.Content.ToMemory()))
        {
            if (doc.RootElement.TryGetProperty("value", out var value))
            {
                foreach (var table in value.EnumerateArray())
                {
                    items.Add(new TableItem(table.GetProperty("TableName").GetString()!));
                }
            }
        }

        response.Headers.TryGetValue("x-ms-continuation-NextTableName", out var next);
        return Page<TableItem>.FromValues(items, string.IsNullOrEmpty(next) ? null : next, response);
    }
}
