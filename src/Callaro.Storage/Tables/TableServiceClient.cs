using Azure;
using Azure.Core;

namespace Callaro.Storage.Tables;

/// <summary>The Table service of one storage account.</summary>
public class TableServiceClient
{
    /// <summary>For mocking.</summary>
    protected TableServiceClient() { }

    /// <summary>Creates a client from a connection string.</summary>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    public TableServiceClient(string connectionString, TableClientOptions? options = null) => throw new NotImplementedException();

    /// <summary>Creates a client with a token credential (managed identity).</summary>
    public TableServiceClient(Uri endpoint, TokenCredential credential, TableClientOptions? options = null) => throw new NotImplementedException();

    /// <summary>Creates a client with a SAS credential.</summary>
    public TableServiceClient(Uri endpoint, AzureSasCredential credential, TableClientOptions? options = null) => throw new NotImplementedException();

    /// <summary>The account name.</summary>
    public virtual string AccountName => throw new NotImplementedException();

    /// <summary>Gets a client for one table (no request is made).</summary>
    public virtual TableClient GetTableClient(string tableName) => throw new NotImplementedException();

    /// <summary>Creates the table unless it exists.</summary>
    public virtual Task CreateTableIfNotExistsAsync(string tableName, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Reads the service properties; used as a reachability probe.</summary>
    /// <exception cref="RequestFailedException">The service answered with an error.</exception>
    public virtual Task<Response> GetPropertiesAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Lists tables, optionally filtered.</summary>
    public virtual AsyncPageable<TableItem> QueryAsync(string? filter = null, int? maxPerPage = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
