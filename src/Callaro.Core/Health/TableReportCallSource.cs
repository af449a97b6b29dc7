using System.Runtime.CompilerServices;
using Callaro.Core.Calls;
using Callaro.Storage.Tables;

namespace Callaro.Core.Health;

/// <summary>
/// Streams a day's calls from the call table: only the record rows of the day partition, with <c>$select</c>,
/// page by page; attachments are merge-joined from the attachment table, which is also ordered by call id,
/// so memory stays flat however many calls the day holds.
/// </summary>
/// <param name="tables">The table service.</param>
/// <param name="names">The names in use.</param>
/// <param name="attachmentsTable">The attachment table (PartitionKey workspace, RowKey <c>{callId}|{kind}</c>); null to read calls only.</param>
public sealed class TableReportCallSource(TableServiceClient tables, StorageNames names, string? attachmentsTable = null) : IReportCallSource
{
    /// <summary>Page size asked of the service (its maximum).</summary>
    public const int PageSize = 1000;

    /// <summary>The columns read of each call record. State chunks beyond these are rare (the history is capped); such records are read whole.</summary>
    public static readonly string[] RecordColumns = ["RowKey", "Kind", "StateChunks", "State0", "State1", "State2", "State3"];

    /// <summary>The filter selecting a day's call records (not its log, alert or number rows).</summary>
    public static string DayFilter(string workspaceId, DateOnly date) => TableClient.CreateQueryFilter(
        $"PartitionKey eq {CallTableKeys.DatePartition(workspaceId, date)} and RowKey ge {CallTableKeys.RecordPrefix} and RowKey lt {CallTableKeys.PrefixEnd(CallTableKeys.RecordPrefix)}");

    private static readonly string[] AttachmentColumns = ["RowKey", "Readable", "UnreadableReason", "AttachedAt"];

    /// <inheritdoc />
    public async IAsyncEnumerable<ReportCall> ReadCallsAsync(HealthWorkspace workspace, DateOnly date, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var calls = tables.GetTableClient(names.CallsTable);
        var workspaceId = workspace.WorkspaceId;
        await using var attachments = attachmentsTable is null ? null : new AttachmentCursor(tables.GetTableClient(attachmentsTable), workspaceId,
            HealthReportSchedule.DayWindow(date, workspace.TimeZone).From, cancellationToken);
        // The next page is fetched while this one is folded, so the report costs little more than the scan.
        await foreach (var rows in Prefetch.Pages(calls.QueryAsync(DayFilter(workspaceId, date), PageSize, RecordColumns, cancellationToken).AsPages(), cancellationToken))
        {
            foreach (var row in rows)
            {
                if (row.GetString("Kind") is { } kind && kind != CallProjection.KindCall)
                {
                    continue; // a forwarder left behind by a call that moved to another day
                }

                var entity = (row.GetInt32("StateChunks") ?? 0) > 4
                    ? (await calls.GetEntityAsync(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken)).Value
                    : row;
                var record = CallProjection.ReadRecord(k => entity.TryGetValue(k, out var v) ? v : null);
                if (record.Status is null)
                {
                    continue; // only attachment events so far: not in the log
                }

                var (transcript, recording) = attachments is null ? (null, null) : await attachments.ForCallAsync(record.CallId);
                yield return CallRecordReportMapping.ToReportCall(record, transcript, recording);
            }
        }
    }

    /// <summary>
    /// Walks the workspace's attachment rows (RowKey <c>{callId}|{kind}</c>) in step with the calls (RowKey
    /// <c>c_{callId}</c>). The two orders differ only where one call id is a prefix of another, so rows read
    /// ahead are buffered until their call comes; the buffer stays empty for fixed-length provider ids.
    /// </summary>
    private sealed class AttachmentCursor : IAsyncDisposable
    {
        private readonly IAsyncEnumerator<TableEntity> _rows;
        private readonly Dictionary<string, (ReportAttachment? Transcript, ReportAttachment? Recording)> _ahead = new(StringComparer.Ordinal);
        private TableEntity? _next;
        private bool _done;

        public AttachmentCursor(TableClient table, string workspaceId, DateTimeOffset since, CancellationToken cancellationToken)
        {
            // Attachments arrive after their call starts; older rows belong to earlier days.
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {workspaceId} and AttachedAt ge {since}");
            _rows = Prefetch.Pages(table.QueryAsync(filter, PageSize, AttachmentColumns, cancellationToken).AsPages(), cancellationToken)
                .SelectMany(page => page.ToAsyncEnumerable()).GetAsyncEnumerator(cancellationToken);
        }

        public async Task<(ReportAttachment? Transcript, ReportAttachment? Recording)> ForCallAsync(string callId)
        {
            // Every row of this call sorts at or before "{callId}|\uffff"; read up to there.
            var last = callId + "|\uffff";
            while (await PeekAsync() is { } row && string.CompareOrdinal(row.RowKey, last) <= 0)
            {
                _next = null;
                var separator = row.RowKey.LastIndexOf('|');
                if (separator < 0)
                {
                    continue;
                }
                var id = row.RowKey[..separator];
                var kind = row.RowKey[(separator + 1)..];
                var attachment = new ReportAttachment(
                    row.GetBoolean("Readable") == false ? ReportAttachmentState.Unreadable : ReportAttachmentState.Available,
                    row.GetDateTimeOffset("AttachedAt") ?? row.Timestamp, row.GetString("UnreadableReason"));
                var current = _ahead.GetValueOrDefault(id);
                _ahead[id] = kind == "transcript" ? (attachment, current.Recording) : (current.Transcript, attachment);
            }
            var found = _ahead.Remove(callId, out var hit) ? hit : (null, null);
            // Calls arrive in call-id order, so rows of smaller ids belong to calls of other days: drop them.
            foreach (var stale in _ahead.Keys.Where(k => string.CompareOrdinal(k, callId) < 0).ToList())
            {
                _ahead.Remove(stale);
            }
            return found;
        }

        private async Task<TableEntity?> PeekAsync()
        {
            if (_next is null && !_done)
            {
                if (await _rows.MoveNextAsync()) { _next = _rows.Current; } else { _done = true; }
            }
            return _next;
        }

        public ValueTask DisposeAsync() => _rows.DisposeAsync();
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
