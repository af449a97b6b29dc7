using Azure;
using Azure.Core;

namespace Callaro.Storage.Tables;

/// <summary>One table: entity CRUD, queries and entity group transactions, like <c>Azure.Data.Tables.TableClient</c>.</summary>
public class TableClient
{
    /// <summary>For mocking.</summary>
    protected TableClient() { }

    /// <summary>Creates a client from a connection string.</summary>
    public TableClient(string connectionString, string tableName, TableClientOptions? options = null) => throw new NotImplementedException();

    /// <summary>The table name.</summary>
    public virtual string Name => throw new NotImplementedException();

    /// <summary>Builds an OData filter from an interpolated string, escaping every value by its type.</summary>
    public static string CreateQueryFilter(FormattableString filter) => throw new NotImplementedException();

    /// <summary>Creates the table unless it exists.</summary>
    public virtual Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Deletes the table.</summary>
    public virtual Task DeleteAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Reads one entity.</summary>
    /// <exception cref="RequestFailedException">404 when absent, or another service error.</exception>
    public virtual Task<Response<TableEntity>> GetEntityAsync(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Reads one entity; absent is a normal answer (<c>HasValue</c> false), not an exception.</summary>
    public virtual Task<NullableResponse<TableEntity>> GetEntityIfExistsAsync(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Inserts an entity; 409 if it exists.</summary>
    /// <exception cref="ArgumentException">Invalid keys or properties over service limits.</exception>
    public virtual Task<Response> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Inserts or merges/replaces an entity.</summary>
    public virtual Task<Response> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Updates an entity if its ETag matches; 412 when stale.</summary>
    public virtual Task<Response> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Deletes an entity (unconditionally when <paramref name="ifMatch"/> is default); absent is not an error.</summary>
    public virtual Task<Response> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Queries entities, following continuation tokens page by page.</summary>
    public virtual AsyncPageable<TableEntity> QueryAsync(string? filter = null, int? maxPerPage = null, IEnumerable<string>? select = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Submits up to 100 actions on one partition atomically.</summary>
    /// <exception cref="TableTransactionFailedException">Nothing was applied; the index names the failing action.</exception>
    public virtual Task<Response<IReadOnlyList<Response>>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
