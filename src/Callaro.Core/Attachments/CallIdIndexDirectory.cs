using Callaro.Core.Calls;
using Azure.Data.Tables;

namespace Callaro.Core.Attachments;

/// <summary>
/// <see cref="ICallDirectory"/> over the call-id index (<c>callids</c>: PartitionKey = callId,
/// RowKey = workspace; see docs/table-design.md) and the call's record: point reads, never a scan.
/// A call "exists" once it has a status event. The index alone is not enough: a blob that arrives first
/// folds its attachment into a record (claiming the index) before the call's first status event, and such
/// a blob must still count as pending (an orphan, if the call never comes).
/// </summary>
public sealed class CallIdIndexDirectory(TableServiceClient tables, StorageNames names) : ICallDirectory
{
    private const int MaxHops = 4;
    private static readonly string[] RecordColumns = ["Kind", "Status", "MovedTo"];
    private readonly TableClient _index = tables.GetTableClient(names.CallIdsTable);
    private readonly TableClient _calls = tables.GetTableClient(names.CallsTable);

    /// <inheritdoc />
    public async Task<bool> CallExistsAsync(string workspaceId, string callId, CancellationToken cancellationToken = default)
    {
        var row = await _index.GetEntityIfExistsAsync<TableEntity>(callId, workspaceId, select: ["CallPartition"], cancellationToken: cancellationToken);
        if (!row.HasValue) return false;

        // Follow the index (and any forwarders left by a move) to the record; it exists once it has a status.
        var partition = row.Value!.GetString("CallPartition");
        for (var hop = 0; hop < MaxHops && partition is not null; hop++)
        {
            var record = await _calls.GetEntityIfExistsAsync<TableEntity>(partition, CallTableKeys.RecordRowKey(callId), select: RecordColumns, cancellationToken: cancellationToken);
            if (!record.HasValue) return false; // claimed, record not written yet (or its creator crashed)
            if (record.Value!.GetString("Kind") == CallProjection.KindMoved)
            {
                partition = record.Value.GetString("MovedTo");
                continue;
            }
            return !string.IsNullOrEmpty(record.Value.GetString("Status"));
        }
        return false;
    }
}
