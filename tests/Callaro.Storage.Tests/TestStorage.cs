using Callaro.Storage.Blobs;
using Callaro.Storage.Tables;

namespace Callaro.Storage.Tests;

/// <summary>The Azurite instance ./test.sh starts, reached with an explicit shared key so signing is exercised.</summary>
internal static class TestStorage
{
    public const string VariableName = "CALLARO_TEST_STORAGE";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(VariableName) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{VariableName} is not set. Run ./test.sh (it starts Azurite and sets it), or start Azurite yourself and set {VariableName} to its connection string.");

    /// <summary>A name no other test uses: lowercase letters and digits, starting with a letter.</summary>
    public static string UniqueName(string prefix = "t") => prefix + Guid.NewGuid().ToString("N")[..8];

    public static TableServiceClient TableService(TableClientOptions? options = null) => new(ConnectionString, options);

    public static BlobServiceClient BlobService(BlobClientOptions? options = null) => new(ConnectionString, options);

    /// <summary>A new, empty table of its own.</summary>
    public static async Task<TableClient> NewTableAsync()
    {
        var table = TableService().GetTableClient(UniqueName());
        await table.CreateIfNotExistsAsync();
        return table;
    }

    /// <summary>A new, empty container of its own.</summary>
    public static async Task<BlobContainerClient> NewContainerAsync()
    {
        var container = BlobService().GetBlobContainerClient(UniqueName());
        await container.CreateIfNotExistsAsync();
        return container;
    }
}
