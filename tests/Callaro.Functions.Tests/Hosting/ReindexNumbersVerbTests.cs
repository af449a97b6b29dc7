using Azure.Data.Tables;
using Callaro.Core;
using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Core.Workspaces;
using Callaro.Functions.Tests.Infrastructure;

namespace Callaro.Functions.Tests.Hosting;

public sealed class ReindexNumbersVerbTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReindexNumbersWritesTheSuffixRowsAnOlderCallLacksThenFindsNothingToDo()
    {
        var names = new StorageNames("r" + Guid.NewGuid().ToString("N")[..8]);
        var tables = new TableServiceClient(CallaroApplication.StorageConnectionString);
        foreach (var table in names.Tables) await tables.CreateTableIfNotExistsAsync(table);
        await new CallIngestor(tables, names, new FixedTimeZoneSource(TimeZoneInfo.Utc)).IngestAsync([new CallEvent
        {
            EventId = "e1", Type = CallEventType.Missed, OccurredAt = Start, ReceivedAt = Start, CallId = "CA1", WorkspaceId = "acme", Source = "twilio",
            Caller = "+14155550123", Callee = "+14155550199", StartedAt = Start,
        }]);
        var calls = tables.GetTableClient(names.CallsTable);
        var suffixFilter = TableClient.CreateQueryFilter($"PartitionKey eq {"acme_20250314"} and RowKey ge {CallTableKeys.SuffixPrefix} and RowKey lt {CallTableKeys.PrefixEnd(CallTableKeys.SuffixPrefix)}");
        await foreach (var row in calls.QueryAsync<TableEntity>(suffixFilter)) await calls.DeleteEntityAsync(row.PartitionKey, row.RowKey);

        var (exitCode, output) = await ReindexAsync(names, "--workspace", "acme", "--from", "2025-03-01", "--to", "2025-03-31");

        Assert.True(exitCode == 0, output);
        Assert.Contains("acme_20250314: 1 calls, 1 lacked index rows, 14 rows written", output);
        Assert.Contains("Number index: 1 days, 1 calls, 1 lacked index rows, 14 rows written.", output);
        Assert.Equal(14, await calls.QueryAsync<TableEntity>(suffixFilter).CountAsync());

        var (again, secondOutput) = await ReindexAsync(names);
        Assert.True(again == 0, secondOutput);
        Assert.Contains("Number index: 1 days, 1 calls, 0 lacked index rows, 0 rows written.", secondOutput);
    }

    [Fact]
    public async Task ReindexNumbersWithABadDateSaysHowToCallIt()
    {
        var (exitCode, output) = await ReindexAsync(new StorageNames("r" + Guid.NewGuid().ToString("N")[..8]), "--from", "14.03.2025");

        Assert.Equal(64, exitCode);
        Assert.Contains("--from '14.03.2025' is not a date (YYYY-MM-DD).", output);
        Assert.Contains("Usage: Callaro.Functions reindex-numbers [--workspace <id>]", output);
    }

    private static Task<(int ExitCode, string Output)> ReindexAsync(StorageNames names, params string[] options) =>
        AppProcess.RunAsync(["reindex-numbers", .. options],
            ("Callaro__Storage__ConnectionString", CallaroApplication.StorageConnectionString),
            ("Callaro__Storage__NamePrefix", names.Prefix),
            ("CallaroRecordingsContainer", names.RecordingsContainer),
            ("CallaroTranscriptsContainer", names.TranscriptsContainer));
}
