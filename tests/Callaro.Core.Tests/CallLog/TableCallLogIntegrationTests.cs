using Azure.Core;
using Callaro.Core.CallLog;
using Callaro.Core.Calls;
using Azure.Data.Tables;

namespace Callaro.Core.Tests.CallLog;

/// <summary>The query side against Azurite: the layout written as the ingestor writes it, read through Azure.Data.Tables.</summary>
public sealed class TableCallLogIntegrationTests : IAsyncLifetime
{
    private static readonly DateOnly Day = new(2026, 4, 2);
    private static readonly DateTimeOffset Midnight = new(2026, 4, 2, 0, 0, 0, TimeSpan.Zero);
    private readonly EntityCountingPolicy _counter = new();
    private TableClient _table = null!;
    private CallLogReader _reader = null!;

    public async Task InitializeAsync()
    {
        var connection = Environment.GetEnvironmentVariable("CALLARO_TEST_STORAGE")
            ?? throw new InvalidOperationException("CALLARO_TEST_STORAGE is not set: run ./test.sh, which starts Azurite and sets it.");
        var options = new TableClientOptions();
        options.AddPolicy(_counter, HttpPipelinePosition.PerCall);
        var names = new StorageNames("t" + Guid.NewGuid().ToString("N")[..8]);
        _table = new TableClient(connection, names.CallsTable, options);
        await _table.CreateIfNotExistsAsync();
        _reader = new CallLogReader(new TableCallLogRowSource(_table), new CallLogCursorCodec(CallLogCursorCodec.DeriveKey("integration")));
    }

    public async Task DisposeAsync() => await _table.DeleteAsync();

    private static IEnumerable<LayoutSeeder.SeedCall> Calls(DateTimeOffset dayStart, int count, string tag) =>
        Enumerable.Range(0, count).Select(i => new LayoutSeeder.SeedCall(
            $"{tag}-{i:D6}", dayStart.AddMilliseconds(86_000_000.0 * i / count),
            i % 8 == 0 ? CallStatus.Missed : i % 8 == 4 ? CallStatus.Failed : CallStatus.Completed,
            (CallDirection)(i % 3), $"+1555{i % 50:D4}", "+4930100"));

    private static CallLogQuery Query(DateOnly from, DateOnly to, int pageSize = 50) => new() { Workspace = "acme", From = from, To = to, PageSize = pageSize };

    [Fact]
    public async Task PagingForwardThenBackReturnsTheSameRowsAcrossDays()
    {
        await LayoutSeeder.WriteAsync(_table, CallLogLayout.PartitionKey("acme", Day), Calls(Midnight, 37, "a"), numberRows: false);
        await LayoutSeeder.WriteAsync(_table, CallLogLayout.PartitionKey("acme", Day.AddDays(1)), Calls(Midnight.AddDays(1), 23, "b"), numberRows: false);
        var query = Query(Day, Day.AddDays(1), pageSize: 11);

        var pages = new List<CallLogPage> { await _reader.ReadPageAsync(query) };
        while (pages[^1].NextCursor is { } next) pages.Add(await _reader.ReadPageAsync(query with { Cursor = next }));
        var back = new List<CallLogPage> { pages[^1] };
        while (back[^1].PrevCursor is { } prev) back.Add(await _reader.ReadPageAsync(query with { Cursor = prev }));
        back.Reverse();

        Assert.Equal(60, pages.Sum(p => p.Items.Count));
        Assert.Equal(pages.Select(p => string.Join(",", p.Items.Select(i => i.CallId))), back.Select(p => string.Join(",", p.Items.Select(i => i.CallId))));
        Assert.StartsWith("b-", pages[0].Items[0].CallId);
    }

    [Fact]
    public async Task FiltersAndTheAlertViewArePushedIntoTheQuery()
    {
        await LayoutSeeder.WriteAsync(_table, CallLogLayout.PartitionKey("acme", Day), Calls(Midnight, 240, "f"), numberRows: true);

        _counter.Reset();
        var alerts = await _reader.ReadPageAsync(Query(Day, Day, 200) with { View = CallLogView.Alerts });
        Assert.Equal(60, alerts.Items.Count);
        Assert.All(alerts.Items, i => Assert.True(i.Alert));
        Assert.Equal(60, _counter.Entities);

        _counter.Reset();
        var outgoingMissed = await _reader.ReadPageAsync(Query(Day, Day, 200) with { Direction = CallDirection.Outgoing, Statuses = [CallStatus.Missed] });
        Assert.NotEmpty(outgoingMissed.Items);
        Assert.All(outgoingMissed.Items, i => Assert.Equal((CallDirection.Outgoing, CallStatus.Missed), (i.Direction!.Value, i.Status)));
        Assert.Equal(outgoingMissed.Items.Count, _counter.Entities);

        var byNumber = await _reader.ReadPageAsync(Query(Day, Day, 200) with { Number = "+15550007" });
        Assert.Equal(5, byNumber.Items.Count);
    }

    [Fact]
    public async Task EntitiesReadPerPageDoNotGrowWithTheDaysVolume()
    {
        await LayoutSeeder.WriteAsync(_table, CallLogLayout.PartitionKey("acme", Day), Calls(Midnight, 800, "s"), numberRows: false);
        await LayoutSeeder.WriteAsync(_table, CallLogLayout.PartitionKey("acme", Day.AddDays(1)), Calls(Midnight.AddDays(1), 3000, "l"), numberRows: false);

        var read = new List<int>();
        foreach (var day in new[] { Day, Day.AddDays(1) })
            foreach (var view in new[] { CallLogView.All, CallLogView.Alerts })
            {
                var query = Query(day, day) with { View = view };
                _counter.Reset();
                var first = await _reader.ReadPageAsync(query);
                read.Add(_counter.Entities);
                var second = await _reader.ReadPageAsync(query with { Cursor = first.NextCursor });
                _counter.Reset();
                await _reader.ReadPageAsync(query with { Cursor = second.PrevCursor });
                Assert.True(_counter.Entities <= 4 * 51, $"paging back read {_counter.Entities} entities");
            }

        Assert.All(read, n => Assert.Equal(51, n));
    }

    [Fact]
    public async Task ACursorForAnotherWorkspaceIsRejectedBeforeAnythingIsRead()
    {
        await LayoutSeeder.WriteAsync(_table, CallLogLayout.PartitionKey("acme", Day), Calls(Midnight, 80, "w"), numberRows: false);
        var cursor = (await _reader.ReadPageAsync(Query(Day, Day))).NextCursor;

        _counter.Reset();
        await Assert.ThrowsAsync<CallLogCursorException>(() => _reader.ReadPageAsync(Query(Day, Day) with { Workspace = "rival", Cursor = cursor }));
        Assert.Equal(0, _counter.Requests);
    }
}
