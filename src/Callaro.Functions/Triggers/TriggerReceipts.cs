using System.Security.Cryptography;
using System.Text;
using Azure;
using Callaro.Core;
using Azure.Data.Tables;

namespace Callaro.Functions.Triggers;

/// <summary>
/// Which blob version the local runner has fired, in a table (PartitionKey = container, RowKey = the
/// escaped blob name) so each version fires once, also across restarts. Cached in memory: a poll costs
/// one listing per container, not one read per blob.
/// </summary>
internal sealed class TriggerReceipts(TableServiceClient tables, StorageNames names)
{
    private readonly TableClient _table = tables.GetTableClient(names.TriggerReceiptsTable);
    private readonly Dictionary<(string Container, string Blob), string> _fired = [];
    private readonly HashSet<string> _loaded = [];

    public async Task<bool> HasFiredAsync(string container, string blobName, string etag, CancellationToken cancellationToken)
    {
        if (_loaded.Add(container))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {container}");
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["BlobName", "ETag"], cancellationToken: cancellationToken))
                if (row.GetString("BlobName") is { } name && row.GetString("ETag") is { } fired)
                    _fired[(container, name)] = fired;
        }
        return _fired.TryGetValue((container, blobName), out var known) && known == etag;
    }

    /// <exception cref="RequestFailedException">Storage failed; the blob fires again on the next poll (at least once, like the host).</exception>
    public async Task RecordAsync(string container, string blobName, string etag, string outcome, CancellationToken cancellationToken)
    {
        var row = new TableEntity(container, RowKeyFor(blobName))
        {
            ["BlobName"] = blobName,
            ["ETag"] = etag,
            ["Outcome"] = outcome,
            ["FiredAt"] = DateTimeOffset.UtcNow,
        };
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        _fired[(container, blobName)] = etag;
    }

    // Blob names may hold '/', '#', '?' and '\', which keys cannot; escape them, and hash names whose
    // escaped form would pass the 1 KiB key limit.
    internal static string RowKeyFor(string blobName)
    {
        var escaped = Uri.EscapeDataString(blobName);
        return escaped.Length <= 512 ? escaped : "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(blobName)));
    }
}
