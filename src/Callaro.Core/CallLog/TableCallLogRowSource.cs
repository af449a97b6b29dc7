using Callaro.Core.Calls;
using Azure.Data.Tables;

namespace Callaro.Core.CallLog;

/// <summary>Reads log rows from the calls table, pushing the key range and filters into <c>$filter</c>.</summary>
public sealed class TableCallLogRowSource : ICallLogRowSource
{
    private readonly TableClient _table;

    /// <summary>Creates a source over the calls table.</summary>
    public TableCallLogRowSource(TableClient table) => _table = table;

    /// <inheritdoc />
    public async Task<CallLogRowBatch> ReadAsync(string partitionKey, string lower, bool lowerInclusive, string upperExclusive, CallLogRowFilter filter, int top, string? continuation = null, CancellationToken cancellationToken = default)
    {
        var odata = BuildFilter(partitionKey, lower, lowerInclusive, upperExclusive, filter);
        var pages = _table.QueryAsync<TableEntity>(odata, maxPerPage: top, select: CallLogRowMapper.Columns, cancellationToken: cancellationToken)
            .AsPages(continuation, pageSizeHint: top);
        await foreach (var page in pages.WithCancellation(cancellationToken))
        {
            var rows = page.Values.Take(top).Select(e => (e.RowKey, CallLogRowMapper.ToItem(e))).ToList();
            // The token is opaque on the real service; it resumes only this very read, so it is passed back as is.
            var more = rows.Count < top && !string.IsNullOrEmpty(page.ContinuationToken) ? page.ContinuationToken : null;
            return new CallLogRowBatch(rows, more);
        }
        return new CallLogRowBatch([], null);
    }

    /// <summary>The OData filter for one read; every value is escaped by the storage client's builder.</summary>
    public static string BuildFilter(string partitionKey, string lower, bool lowerInclusive, string upperExclusive, CallLogRowFilter filter)
    {
        var clauses = new List<string>
        {
            TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}"),
            lowerInclusive ? TableClient.CreateQueryFilter($"RowKey ge {lower}") : TableClient.CreateQueryFilter($"RowKey gt {lower}"),
            TableClient.CreateQueryFilter($"RowKey lt {upperExclusive}"),
        };
        // Column names are not values: only the values go through the builder, which would quote a name as a string literal.
        if (filter.Direction is { } direction)
            clauses.Add(CallLogRowMapper.DirectionColumn + " eq " + TableClient.CreateQueryFilter($"{CallLogRowMapper.Word(direction)}"));
        if (filter.Statuses.Count > 0)
            clauses.Add("(" + string.Join(" or ", filter.Statuses.Distinct().Select(s => CallLogRowMapper.StatusColumn + " eq " + TableClient.CreateQueryFilter($"{CallLogRowMapper.Word(s)}"))) + ")");
        if (filter.Operator is { } op)
            clauses.Add(CallLogRowMapper.OperatorColumn + " eq " + TableClient.CreateQueryFilter($"{op}"));
        if (filter.Campaign is { } campaign)
            clauses.Add(CallLogRowMapper.CampaignColumn + " eq " + TableClient.CreateQueryFilter($"{campaign}"));
        // Rows without the property (none are written so) would not match "eq false"; every log row has it.
        if (filter.HasRecording is { } recording)
            clauses.Add(CallLogRowMapper.RecordingColumn + " eq " + (recording ? "true" : "false"));
        return string.Join(" and ", clauses);
    }
}
