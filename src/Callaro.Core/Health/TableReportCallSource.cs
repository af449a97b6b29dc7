using System.Runtime.CompilerServices;
using Callaro.Core.Calls;
using Azure.Data.Tables;

namespace Callaro.Core.Health;

/// <summary>
/// Streams a day's calls from the call table: only the record rows of the day partition, with <c>$select</c>,
/// page by page, so memory stays flat however many calls the day holds. Recordings and transcripts are read
/// from the record itself (the blob triggers fold a summary into it), so no second table is joined.
/// </summary>
/// <param name="tables">The table service.</param>
/// <param name="names">The names in use.</param>
public sealed class TableReportCallSource(TableServiceClient tables, StorageNames names) : IReportCallSource
{
    /// <summary>Page size asked of the service (its maximum).</summary>
    public const int PageSize = 1000;

    /// <summary>The columns read of each call record. State chunks beyond these are rare (the history is capped); such records are read whole.</summary>
    public static readonly string[] RecordColumns = ["RowKey", "Kind", "StateChunks", "State0", "State1", "State2", "State3"];

    /// <summary>The filter selecting a day's call records (not its log, alert or number rows).</summary>
    public static string DayFilter(string workspaceId, DateOnly date) => TableClient.CreateQueryFilter(
        $"PartitionKey eq {CallTableKeys.DatePartition(workspaceId, date)} and RowKey ge {CallTableKeys.RecordPrefix} and RowKey lt {CallTableKeys.PrefixEnd(CallTableKeys.RecordPrefix)}");

    /// <inheritdoc />
    public async IAsyncEnumerable<ReportCall> ReadCallsAsync(HealthWorkspace workspace, DateOnly date, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var calls = tables.GetTableClient(names.CallsTable);
        var workspaceId = workspace.WorkspaceId;
        // The next page is fetched while this one is folded, so the report costs little more than the scan.
        await foreach (var rows in Prefetch.Pages(calls.QueryAsync<TableEntity>(DayFilter(workspaceId, date), PageSize, RecordColumns, cancellationToken).AsPages(), cancellationToken))
        {
            foreach (var row in rows)
            {
                if (row.GetString("Kind") is { } kind && kind != CallProjection.KindCall)
                {
                    continue; // a forwarder left behind by a call that moved to another day
                }

                var entity = (row.GetInt32("StateChunks") ?? 0) > 4
                    ? (await calls.GetEntityAsync<TableEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken)).Value
                    : row;
                var record = CallProjection.ReadRecord(k => entity.TryGetValue(k, out var v) ? v : null);
                if (record.Status is null)
                {
                    continue; // only attachment events so far: not in the log
                }

                yield return CallRecordReportMapping.ToReportCall(record);
            }
        }
    }
}

/// <summary>Reads pages ahead on a background task (at most two waiting), overlapping I/O with the fold.</summary>
internal static class Prefetch
{
    public static async IAsyncEnumerable<IReadOnlyList<T>> Pages<T>(IAsyncEnumerable<Azure.Page<T>> pages, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = System.Threading.Channels.Channel.CreateBounded<IReadOnlyList<T>>(new System.Threading.Channels.BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        // Cancelled when the reader stops early, so the producer never waits forever on a full channel.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(async () =>
        {
            try
            {
                await foreach (var page in pages.WithCancellation(stop.Token))
                {
                    await channel.Writer.WriteAsync(page.Values, stop.Token);
                }
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, CancellationToken.None);

        try
        {
            await foreach (var page in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return page;
            }
        }
        finally
        {
            stop.Cancel();
            await producer;
        }
    }
}
