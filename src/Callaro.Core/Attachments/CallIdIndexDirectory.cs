using Callaro.Storage.Tables;

namespace Callaro.Core.Attachments;

/// <summary>
/// <see cref="ICallDirectory"/> over the call-id index (<c>callids</c>: PartitionKey = callId,
/// RowKey = workspace; see docs/table-design.md): one point read, never a scan.
/// </summary>
public sealed class CallIdIndexDirectory(TableServiceClient tables, StorageNames names) : ICallDirectory
{
    private readonly TableClient _index = tables.GetTableClient(names.CallIdsTable);

    /// <inheritdoc />
    public async Task<bool> CallExistsAsync(string workspaceId, string callId, CancellationToken cancellationToken = default)
    {
        var row = await _index.GetEntityIfExistsAsync(callId, workspaceId, select: ["RowKey"], cancellationToken: cancellationToken);
        return row.HasValue;
    }
}
