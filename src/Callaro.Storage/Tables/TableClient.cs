using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Callaro.Storage.Internal;

namespace Callaro.Storage.Tables;

/// <summary>One table: entity CRUD, queries and entity group transactions, like <c>Azure.Data.Tables.TableClient</c>.</summary>
public class TableClient
{
    internal const string JsonAccept = "application/json;odata=minimalmetadata";
    internal const string JsonContentType = "application/json";

    private static readonly RequestMethod Merge = new("MERGE");

    private readonly HttpPipeline _pipeline = null!;
    private readonly string _endpoint = "";
    private readonly Uri _endpointUri = null!;
    private readonly string _name = "";

    /// <summary>For mocking.</summary>
    protected TableClient() { }

    /// <summary>Creates a client from a connection string.</summary>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    /// <exception cref="ArgumentException">The table name is empty.</exception>
    public TableClient(string connectionString, string tableName, TableClientOptions? options = null)
        : this(new TableServiceClient(connectionString, options), tableName)
    {
    }

    /// <summary>Creates a client with a token credential (managed identity).</summary>
    public TableClient(Uri endpoint, string tableName, TokenCredential credential, TableClientOptions? options = null)
        : this(new TableServiceClient(endpoint, credential, options), tableName)
    {
    }

    /// <summary>Creates a client with a SAS credential.</summary>
    public TableClient(Uri endpoint, string tableName, AzureSasCredential credential, TableClientOptions? options = null)
        : this(new TableServiceClient(endpoint, credential, options), tableName)
    {
    }

    private TableClient(TableServiceClient service, string tableName)
        : this(service.Pipeline, service.Endpoint, tableName)
    {
    }

    internal TableClient(HttpPipeline pipeline, string endpoint, string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        _pipeline = pipeline;
        _endpoint = endpoint;
        _endpointUri = new Uri(endpoint, UriKind.Absolute);
        _name = tableName;
    }

    /// <summary>The table name.</summary>
    public virtual string Name => _name;

    /// <summary>The table's URL (no credentials in it).</summary>
    public virtual Uri Uri => new($"{_endpoint}/{_name}");

    /// <summary>
    /// Builds an OData filter from an interpolated string, escaping every value by its type with the
    /// invariant culture: strings are quoted (quotes doubled), <c>long</c> gets an <c>L</c> suffix,
    /// dates become <c>datetime'…Z'</c> in UTC, Guids <c>guid'…'</c>, bytes <c>X'hex'</c>.
    /// </summary>
    /// <example><c>TableClient.CreateQueryFilter($"PartitionKey eq {pk} and Count gt {min}")</c></example>
    public static string CreateQueryFilter(FormattableString filter) => TableOdataFilter.Create(filter);

    /// <summary>Creates the table unless it exists.</summary>
    /// <exception cref="RequestFailedException">The service refused (other than "already exists").</exception>
    public virtual async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default) =>
        await TableServiceClient.CreateTableIfNotExistsAsync(_pipeline, _endpointUri, _name, cancellationToken).ConfigureAwait(false);

    /// <summary>Deletes the table.</summary>
    /// <exception cref="RequestFailedException">404 when absent, or another service error.</exception>
    public virtual async Task DeleteAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, $"/Tables('{EscapeKey(_name)}')");
        await StoragePipeline.SendAsync(_pipeline, message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads one entity.</summary>
    /// <exception cref="RequestFailedException">404 when absent, or another service error.</exception>
    /// <exception cref="ArgumentException">A key contains forbidden characters or is too long.</exception>
    public virtual async Task<Response<TableEntity>> GetEntityAsync(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        var response = await GetEntityIfExistsAsync(partitionKey, rowKey, select, cancellationToken).ConfigureAwait(false);
        return response.HasValue
            ? Response.FromValue(response.Value!, response.GetRawResponse())
            : throw StoragePipeline.CreateException(response.GetRawResponse());
    }

    /// <summary>Reads one entity; absent is a normal answer (<c>HasValue</c> false), not an exception.</summary>
    /// <exception cref="RequestFailedException">A service error other than 404.</exception>
    /// <exception cref="ArgumentException">A key contains forbidden characters or is too long.</exception>
    public virtual async Task<NullableResponse<TableEntity>> GetEntityIfExistsAsync(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        TableEntityValidator.ValidateKeys(partitionKey, rowKey);
        using var message = CreateMessage(RequestMethod.Get, EntityPath(partitionKey, rowKey));
        AppendSelect(message.Request.Uri, select);
        var response = await StoragePipeline.SendAsync(_pipeline, message, cancellationToken, 200, 404).ConfigureAwait(false);
        if (response.Status == 404)
        {
            return new NoValueResponse<TableEntity>(response);
        }

        var entity = TableEntityJson.ReadEntity(response.Content.ToMemory().Span, new PropertyNameCache());
        if (response.Headers.ETag is { } etag)
        {
            entity.ETag = etag;
        }

        return Response.FromValue(entity, response);
    }

    /// <summary>Inserts an entity; 409 if it exists.</summary>
    /// <exception cref="ArgumentException">Invalid keys or properties over service limits.</exception>
    /// <exception cref="RequestFailedException">409 <c>EntityAlreadyExists</c>, or another service error.</exception>
    public virtual async Task<Response> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        TableEntityValidator.Validate(entity);
        using var message = CreateMessage(RequestMethod.Post, "/" + _name);
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetJsonContent(message.Request, entity);
        return await StoragePipeline.SendAsync(_pipeline, message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Inserts or merges/replaces an entity.</summary>
    /// <exception cref="ArgumentException">Invalid keys or properties over service limits.</exception>
    /// <exception cref="RequestFailedException">A service error.</exception>
    public virtual Task<Response> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default) =>
        WriteEntityAsync(entity, mode, ifMatch: null, cancellationToken);

    /// <summary>Updates an entity if its ETag matches (<see cref="ETag.All"/> or default: any version); 412 when stale.</summary>
    /// <exception cref="ArgumentException">Invalid keys or properties over service limits.</exception>
    /// <exception cref="RequestFailedException">412 <c>UpdateConditionNotSatisfied</c> when stale, 404 when absent.</exception>
    public virtual Task<Response> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default) =>
        WriteEntityAsync(entity, mode, IfMatchValue(ifMatch), cancellationToken);

    /// <summary>Deletes an entity (unconditionally when <paramref name="ifMatch"/> is default); absent is not an error.</summary>
    /// <exception cref="RequestFailedException">412 when <paramref name="ifMatch"/> is stale, or another service error.</exception>
    public virtual async Task<Response> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        TableEntityValidator.ValidateKeys(partitionKey, rowKey);
        using var message = CreateMessage(RequestMethod.Delete, EntityPath(partitionKey, rowKey));
        message.Request.Headers.SetValue("If-Match", IfMatchValue(ifMatch));
        return await StoragePipeline.SendAsync(_pipeline, message, cancellationToken, 204, 200, 404).ConfigureAwait(false);
    }

    /// <summary>
    /// Queries entities, following continuation tokens page by page. Each page's
    /// <see cref="Page{T}.ContinuationToken"/> is opaque; pass it to <c>AsPages(token, pageSize)</c> to resume.
    /// </summary>
    /// <param name="filter">An OData filter; build it with <see cref="CreateQueryFilter"/>.</param>
    /// <param name="maxPerPage">Entities per page (<c>$top</c>; the service caps pages at 1,000).</param>
    /// <param name="select">Properties to return (<c>$select</c>); name PartitionKey/RowKey too if you need them. The ETag always comes back.</param>
    /// <param name="cancellationToken">Cancels paging.</param>
    /// <exception cref="RequestFailedException">While enumerating: a service error (e.g. 400 for a malformed filter).</exception>
    public virtual AsyncPageable<TableEntity> QueryAsync(string? filter = null, int? maxPerPage = null, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        var selectList = select?.ToArray();
        return new StoragePageable<TableEntity>(
            (token, pageSize, ct) => QueryPageAsync(filter, pageSize, selectList, token, ct),
            maxPerPage,
            cancellationToken);
    }

    private async ValueTask<Page<TableEntity>> QueryPageAsync(string? filter, int? top, string[]? select, string? continuation, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Get, "/" + _name + "()");
        var uri = message.Request.Uri;
        if (!string.IsNullOrEmpty(filter))
        {
            uri.AppendQuery("$filter", filter, escapeValue: true);
        }

        if (top is { } t)
        {
            uri.AppendQuery("$top", t.ToString(System.Globalization.CultureInfo.InvariantCulture), escapeValue: false);
        }

        AppendSelect(uri, select);
        if (TryParseContinuation(continuation, out var nextPk, out var nextRk))
        {
            uri.AppendQuery("NextPartitionKey", nextPk, escapeValue: true);
            if (nextRk.Length > 0)
            {
                uri.AppendQuery("NextRowKey", nextRk, escapeValue: true);
            }
        }

        var response = await StoragePipeline.SendAsync(_pipeline, message, cancellationToken, 200).ConfigureAwait(false);
        var entities = TableEntityJson.ReadQueryResult(response.Content.ToMemory().Span, new PropertyNameCache(), top ?? 16);
        return Page<TableEntity>.FromValues(entities, ContinuationFrom(response), response);
    }

    /// <summary>Submits up to 100 actions on one partition atomically.</summary>
    /// <returns>One response per action, in order.</returns>
    /// <exception cref="ArgumentException">No actions, more than 100, several partitions, a row twice, or an invalid entity.</exception>
    /// <exception cref="TableTransactionFailedException">Nothing was applied; the index names the failing action.</exception>
    public virtual async Task<Response<IReadOnlyList<Response>>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var list = actions.ToList();
        TableTransaction.Validate(list);
        var batch = new TableTransaction(_endpoint, _name, list);
        using var message = CreateMessage(RequestMethod.Post, "/$batch");
        message.Request.Headers.SetValue("Content-Type", batch.ContentType);
        message.Request.Content = RequestContent.Create(batch.Body);
        var response = await StoragePipeline.SendAsync(_pipeline, message, cancellationToken, 202, 200, 400, 404, 409, 412, 413).ConfigureAwait(false);
        return Response.FromValue(batch.ParseResponse(response), response);
    }

    internal HttpMessage CreateMessage(RequestMethod method, string path) =>
        CreateMessage(_pipeline, _endpointUri, method, path);

    internal static HttpMessage CreateMessage(HttpPipeline pipeline, Uri endpoint, RequestMethod method, string path)
    {
        var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(endpoint);
        request.Uri.AppendPath(path, escape: false);
        request.Headers.SetValue("Accept", JsonAccept);
        request.Headers.SetValue("DataServiceVersion", "3.0");
        request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        return message;
    }

    private async Task<Response> WriteEntityAsync(TableEntity entity, TableUpdateMode mode, string? ifMatch, CancellationToken cancellationToken)
    {
        TableEntityValidator.Validate(entity);
        using var message = CreateMessage(mode == TableUpdateMode.Merge ? Merge : RequestMethod.Put, EntityPath(entity.PartitionKey, entity.RowKey));
        if (ifMatch is not null)
        {
            message.Request.Headers.SetValue("If-Match", ifMatch);
        }

        SetJsonContent(message.Request, entity);
        return await StoragePipeline.SendAsync(_pipeline, message, cancellationToken).ConfigureAwait(false);
    }

    private static void SetJsonContent(Request request, TableEntity entity)
    {
        request.Headers.SetValue("Content-Type", JsonContentType);
        request.Content = RequestContent.Create(TableEntityJson.Serialize(entity));
    }

    internal string EntityPath(string partitionKey, string rowKey) =>
        $"/{_name}(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";

    /// <summary>OData key literal inside a URL path: quotes doubled, then percent-encoded.</summary>
    internal static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    internal static string IfMatchValue(ETag etag) => etag == default ? "*" : etag.ToString();

    private static void AppendSelect(RequestUriBuilder uri, IEnumerable<string>? select)
    {
        if (select is not null)
        {
            var joined = string.Join(',', select);
            if (joined.Length > 0)
            {
                uri.AppendQuery("$select", joined, escapeValue: true);
            }
        }
    }

    private static string? ContinuationFrom(Response response)
    {
        if (!response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var nextPk) || string.IsNullOrEmpty(nextPk))
        {
            return null;
        }

        response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var nextRk);
        return nextPk + " " + nextRk;
    }

    private static bool TryParseContinuation(string? token, out string nextPk, out string nextRk)
    {
        nextPk = nextRk = "";
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var space = token.IndexOf(' ');
        nextPk = space < 0 ? token : token[..space];
        nextRk = space < 0 ? "" : token[(space + 1)..];
        return true;
    }

    /// <summary>A 404 answer to a point read: no value, the raw response kept.</summary>
    private sealed class NoValueResponse<T>(Response response) : NullableResponse<T>
    {
        public override bool HasValue => false;

        public override T? Value => default;

        public override Response GetRawResponse() => response;
    }
}
