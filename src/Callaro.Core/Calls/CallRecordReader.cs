using Azure;
using Azure.Data.Tables;

namespace Callaro.Core.Calls;

/// <summary>Where a call is stored and what it holds.</summary>
/// <param name="PartitionKey">The date partition (<c>{workspace}_{yyyyMMdd}</c>).</param>
/// <param name="RowKey">The record's row key (<c>c_{callId}</c>).</param>
/// <param name="Record">The call.</param>
public sealed record CallLocation(string PartitionKey, string RowKey, CallRecord Record);

/// <summary>
/// Reads one call by id for <c>GET /api/calls/{callId}</c>, blob triggers and the detail page: the
/// call-id index names the date partition, then one point read fetches the record (forwarders left by a
/// moved call are followed). Two point reads; never a scan.
/// </summary>
public class CallRecordReader
{
    private readonly CallTables _tables;

    /// <summary>For mocking.</summary>
    protected CallRecordReader() => _tables = null!;

    /// <summary>Creates a reader on the tables named by <paramref name="names"/>.</summary>
    public CallRecordReader(TableServiceClient service, StorageNames names)
        : this(service.GetTableClient(names.CallsTable), service.GetTableClient(names.CallIdsTable), service.GetTableClient(names.DealCallsTable)) { }

    /// <summary>Creates a reader on explicit table clients.</summary>
    public CallRecordReader(TableClient calls, TableClient callIds, TableClient dealCalls) => _tables = new CallTables(calls, callIds, dealCalls);

    /// <summary>The call's full record, or null when no event of it has been stored.</summary>
    /// <exception cref="ArgumentException">An id is empty or holds characters Table Storage keys cannot hold (such a call cannot exist).</exception>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual async Task<CallRecord?> GetAsync(string workspaceId, string callId, CancellationToken cancellationToken = default) =>
        (await LocateAsync(workspaceId, callId, cancellationToken).ConfigureAwait(false))?.Record;

    /// <summary>The call's partition, row key and record, or null when no event of it has been stored.</summary>
    /// <exception cref="ArgumentException">An id is empty or holds characters Table Storage keys cannot hold.</exception>
    /// <exception cref="RequestFailedException">Storage failed.</exception>
    public virtual async Task<CallLocation?> LocateAsync(string workspaceId, string callId, CancellationToken cancellationToken = default)
    {
        ThrowIfNotKey(workspaceId, nameof(workspaceId));
        ThrowIfNotKey(callId, nameof(callId));
        var partition = await _tables.GetIndexAsync(workspaceId, callId, cancellationToken).ConfigureAwait(false);
        if (partition is null) return null;
        var located = await _tables.LocateAsync(workspaceId, callId, partition, claimOnMiss: false, cancellationToken).ConfigureAwait(false);
        return located.Call is { } call ? new CallLocation(call.PartitionKey, call.Entity.RowKey, call.Record()) : null;
    }

    private static void ThrowIfNotKey(string value, string name)
    {
        if (string.IsNullOrEmpty(value) || value.Length > Ingestion.CallEventValidator.MaxIdLength
            || value.IndexOfAny(['/', '\\', '#', '?']) >= 0 || value.Any(c => c <= '\u001F' || (c >= '\u007F' && c <= '\u009F')))
            throw new ArgumentException($"{name} '{value}' is not a valid id: 1 to 256 characters without '/', '\\', '#', '?' or control characters.", name);
    }
}
