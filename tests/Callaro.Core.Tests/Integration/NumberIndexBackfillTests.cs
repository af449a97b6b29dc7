using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Callaro.Core.CallLog;
using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Core.Workspaces;

namespace Callaro.Core.Tests.Integration;

public class NumberIndexBackfillTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 14, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = DateOnly.FromDateTime(Start.UtcDateTime);
    private const string Workspace = "acme";

    private static CallEvent Ev(string id, CallEventType type, DateTimeOffset at, string callId = "CA1") => new()
    {
        EventId = id, Type = type, OccurredAt = at, CallId = callId, WorkspaceId = Workspace, Source = "twilio", ReceivedAt = at,
        Caller = "+1 (415) 555-0123", Callee = "+14155550199", Direction = CallDirection.Incoming, StartedAt = Start,
    };

    [Fact]
    public async Task CallStoredBeforeSuffixRowsIsFoundByItsLastDigitsAfterTheBackfill()
    {
        var storage = await TestStorage.CreateAsync();
        await storage.Ingestor().IngestAsync([Ev("e1", CallEventType.Completed, Start.AddMinutes(3)) with { DurationSeconds = 170 }]);
        await StoredBeforeSuffixRowsAsync(storage);
        Assert.Empty(await SearchAsync(storage, "0123"));

        var results = await BackfillAsync(storage);

        var result = Assert.Single(results);
        Assert.Equal(new NumberIndexBackfillResult(CallTableKeys.DatePartition(Workspace, Day), 1, 1, 14, 0), result);
        var found = Assert.Single(await SearchAsync(storage, "0123"));
        Assert.Equal(("CA1", CallStatus.Completed, 170), (found.CallId, found.Status, found.DurationSeconds));
        Assert.Equal("CA1", Assert.Single(await SearchAsync(storage, "(415) 555-0123")).CallId);
    }

    [Fact]
    public async Task ReRunningTheBackfillChangesNothing()
    {
        var storage = await TestStorage.CreateAsync();
        await storage.Ingestor().IngestAsync([Ev("e1", CallEventType.Missed, Start.AddSeconds(30)), Ev("e2", CallEventType.Completed, Start.AddMinutes(4), "CA2")]);
        await StoredBeforeSuffixRowsAsync(storage);
        await BackfillAsync(storage);
        var afterFirst = await storage.DumpAsync();
        var recordETag = (await storage.Calls.GetEntityAsync<TableEntity>(CallTableKeys.DatePartition(Workspace, Day), CallTableKeys.RecordRowKey("CA1"))).Value.ETag;

        var again = Assert.Single(await BackfillAsync(storage));

        Assert.Equal((2, 0, 0), (again.Calls, again.CallsMissingRows, again.RowsWritten));
        Assert.Equal(afterFirst, await storage.DumpAsync());
        Assert.Equal(recordETag, (await storage.Calls.GetEntityAsync<TableEntity>(CallTableKeys.DatePartition(Workspace, Day), CallTableKeys.RecordRowKey("CA1"))).Value.ETag);
    }

    [Fact]
    public async Task CallUpdatedWhileTheBackfillRunsKeepsItsNewerState()
    {
        var storage = await TestStorage.CreateAsync();
        await storage.Ingestor().IngestAsync([Ev("e1", CallEventType.Ringing, Start)]);
        await StoredBeforeSuffixRowsAsync(storage);
        // The call completes between the backfill's read of the record and its write of the rows.
        var interloper = new BeforeFirstTransaction(() => storage.Ingestor().IngestAsync([Ev("e2", CallEventType.Completed, Start.AddMinutes(5)) with { DurationSeconds = 290 }]));

        var result = Assert.Single(await BackfillAsync(storage.With(interloper)));

        Assert.True(interloper.Fired);
        Assert.Equal(1, result.Changed);
        var suffixRows = await storage.RowsAsync(CallTableKeys.DatePartition(Workspace, Day), CallTableKeys.SuffixPrefix);
        Assert.Equal(14, suffixRows.Count);
        Assert.All(suffixRows, r => Assert.Equal(("completed", 290), (r.GetString("Status"), r.GetInt32("DurationSeconds"))));
        var found = Assert.Single(await SearchAsync(storage, "0199"));
        Assert.Equal(CallStatus.Completed, found.Status);
        Assert.Equal(2, (await storage.Reader().GetAsync(Workspace, "CA1"))!.EventCount);
    }

    [Fact]
    public async Task CallStoredBeforeSuffixRowsTakesALaterEventThatMovesItsStartWithoutTheBackfill()
    {
        var storage = await TestStorage.CreateAsync();
        await storage.Ingestor().IngestAsync([Ev("e1", CallEventType.Ringing, Start)]);
        await StoredBeforeSuffixRowsAsync(storage);

        // The provider's final event reports an earlier start: every row of the call moves to a new key, and the
        // rows to retire include suffix rows this call never had.
        await storage.Ingestor().IngestAsync([Ev("e2", CallEventType.Completed, Start.AddMinutes(5)) with { StartedAt = Start.AddSeconds(-20), DurationSeconds = 280 }]);

        var found = Assert.Single(await SearchAsync(storage, "0123"));
        Assert.Equal(("CA1", CallStatus.Completed, Start.AddSeconds(-20)), (found.CallId, found.Status, found.StartedAt));
        var logRows = await storage.RowsAsync(CallTableKeys.DatePartition(Workspace, Day), CallTableKeys.LogPrefix);
        Assert.Single(logRows);
        Assert.Equal(14, (await storage.RowsAsync(CallTableKeys.DatePartition(Workspace, Day), CallTableKeys.SuffixPrefix)).Count);
    }

    [Fact]
    public async Task PartitionsAreFoundPerWorkspaceWithinTheDaysAsked()
    {
        var storage = await TestStorage.CreateAsync();
        foreach (var (callId, workspace, day) in new[] { ("A", "acme", 0), ("B", "acme", 2), ("C", "acme", 5), ("D", "acme-two", 2), ("E", "ac", 2) })
            await storage.Ingestor().IngestAsync([Ev("e" + callId, CallEventType.Missed, Start.AddDays(day), callId) with { WorkspaceId = workspace, StartedAt = Start.AddDays(day) }]);
        var backfill = new NumberIndexBackfill(storage.Service, storage.Names, new FixedTimeZoneSource(TimeZoneInfo.Utc));

        Assert.Equal(["acme_20250314", "acme_20250316", "acme_20250319"], await backfill.PartitionsAsync("acme", null, null).ToListAsync());
        Assert.Equal(["acme_20250316"], await backfill.PartitionsAsync("acme", Day.AddDays(1), Day.AddDays(4)).ToListAsync());
        Assert.Equal(["ac_20250316", "acme-two_20250316", "acme_20250316"], await backfill.PartitionsAsync(null, Day.AddDays(2), Day.AddDays(2)).ToListAsync());
    }

    /// <summary>Leaves the call as it was stored before suffix rows existed: record, log, alert and whole-number rows only.</summary>
    private static async Task StoredBeforeSuffixRowsAsync(TestStorage storage)
    {
        var rows = await storage.RowsAsync(CallTableKeys.DatePartition(Workspace, Day), CallTableKeys.SuffixPrefix);
        Assert.NotEmpty(rows);
        foreach (var row in rows) await storage.Calls.DeleteEntityAsync(row.PartitionKey, row.RowKey);
    }

    private static async Task<List<NumberIndexBackfillResult>> BackfillAsync(TestStorage storage)
    {
        var backfill = new NumberIndexBackfill(storage.Service, storage.Names, new FixedTimeZoneSource(TimeZoneInfo.Utc));
        var results = new List<NumberIndexBackfillResult>();
        await foreach (var pk in backfill.PartitionsAsync(Workspace, null, null)) results.Add(await backfill.BackfillAsync(pk));
        return results;
    }

    private static async Task<IReadOnlyList<CallLogItem>> SearchAsync(TestStorage storage, string number)
    {
        var reader = new CallLogReader(new TableCallLogRowSource(storage.Calls), new CallLogCursorCodec(CallLogCursorCodec.DeriveKey("test")));
        var page = await reader.ReadPageAsync(new CallLogQuery { Workspace = Workspace, From = Day, To = Day, Number = number, PageSize = 50 });
        return page.Items;
    }

    /// <summary>Runs <paramref name="interlude"/> once, just before the first entity group transaction is sent.</summary>
    private sealed class BeforeFirstTransaction(Func<Task> interlude) : HttpPipelinePolicy
    {
        public bool Fired { get; private set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (!Fired && message.Request.Uri.Path.Contains("$batch", StringComparison.Ordinal))
            {
                Fired = true;
                await interlude();
            }
            await ProcessNextAsync(message, pipeline);
        }
    }
}
