using Callaro.Core.CallLog;
using Callaro.Core.Calls;

namespace Callaro.Core.Tests.CallLog;

public sealed class CallLogReaderTests
{
    private static readonly DateOnly Day = new(2026, 3, 10);
    private static readonly DateTimeOffset Midnight = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly CallLogCursorCodec Cursors = new(CallLogCursorCodec.DeriveKey("test secret for cursors"));

    private static CallLogQuery Query(string workspace = "acme", DateOnly? from = null, DateOnly? to = null, int pageSize = 10) =>
        new() { Workspace = workspace, From = from ?? Day, To = to ?? Day, PageSize = pageSize };

    private static (InMemoryCallLog Log, CallLogReader Reader) Log()
    {
        var log = new InMemoryCallLog();
        return (log, new CallLogReader(log, Cursors));
    }

    private static async Task<List<CallLogPage>> PageOlderToTheEnd(CallLogReader reader, CallLogQuery query)
    {
        var pages = new List<CallLogPage>();
        var page = await reader.ReadPageAsync(query);
        pages.Add(page);
        while (page.NextCursor is not null)
        {
            page = await reader.ReadPageAsync(query with { Cursor = page.NextCursor });
            pages.Add(page);
            Assert.True(pages.Count < 1000, "paging did not end");
        }
        return pages;
    }

    [Fact]
    public async Task FirstPageListsTheNewestCallsFirst()
    {
        var (log, reader) = Log();
        for (var i = 0; i < 25; i++) log.Add(Midnight.AddMinutes(i * 7));

        var page = await reader.ReadPageAsync(Query());

        Assert.Equal(10, page.Items.Count);
        Assert.Equal(Midnight.AddMinutes(24 * 7), page.Items[0].StartedAt);
        Assert.True(page.Items.Zip(page.Items.Skip(1)).All(p => p.First.StartedAt >= p.Second.StartedAt));
        Assert.NotNull(page.NextCursor);
        Assert.Null(page.PrevCursor);
    }

    [Fact]
    public async Task PagingForwardThenBackReturnsTheSameRows()
    {
        var (log, reader) = Log();
        var random = new Random(7);
        for (var i = 0; i < 95; i++) log.Add(Midnight.AddSeconds(random.Next(0, 86_399)));

        var forward = await PageOlderToTheEnd(reader, Query());
        Assert.Equal(95, forward.Sum(p => p.Items.Count));

        var back = new List<CallLogPage> { forward[^1] };
        while (back[^1].PrevCursor is { } prev)
            back.Add(await reader.ReadPageAsync(Query() with { Cursor = prev }));

        Assert.Equal(forward.Count, back.Count);
        back.Reverse();
        for (var i = 0; i < forward.Count; i++)
            Assert.Equal(forward[i].Items.Select(c => c.CallId), back[i].Items.Select(c => c.CallId));
    }

    [Fact]
    public async Task CallsWithTheSameStartSecondAreNeitherRepeatedNorSkipped()
    {
        var (log, reader) = Log();
        for (var i = 0; i < 30; i++) log.Add(Midnight.AddHours(9));
        for (var i = 0; i < 5; i++) log.Add(Midnight.AddHours(10 + i));

        var forward = await PageOlderToTheEnd(reader, Query(pageSize: 7));
        var ids = forward.SelectMany(p => p.Items).Select(c => c.CallId).ToList();
        Assert.Equal(35, ids.Distinct().Count());
        Assert.Equal(35, ids.Count);

        var page = forward[^1];
        var backIds = new List<string>(page.Items.Select(i => i.CallId));
        while (page.PrevCursor is { } prev)
        {
            page = await reader.ReadPageAsync(Query(pageSize: 7) with { Cursor = prev });
            backIds.InsertRange(0, page.Items.Select(i => i.CallId));
        }
        Assert.Equal(ids, backIds);
    }

    [Fact]
    public async Task PagesContinueAcrossDayBoundariesWithinARange()
    {
        var (log, reader) = Log();
        foreach (var d in new[] { 0, 1, 3 }) // day 2 holds no calls
            for (var i = 0; i < 4; i++) log.Add(Midnight.AddDays(d).AddHours(8 + i));
        var range = Query(from: Day, to: Day.AddDays(3), pageSize: 5);

        var forward = await PageOlderToTheEnd(reader, range);
        var all = forward.SelectMany(p => p.Items).ToList();

        Assert.Equal(12, all.Count);
        Assert.Equal(Midnight.AddDays(3).AddHours(11), all[0].StartedAt);
        Assert.Equal(Midnight.AddHours(8), all[^1].StartedAt);
        Assert.Equal(3, forward.Count);

        var back = await reader.ReadPageAsync(range with { Cursor = forward[^1].PrevCursor });
        Assert.Equal(forward[1].Items.Select(i => i.CallId), back.Items.Select(i => i.CallId));
    }

    [Fact]
    public async Task AlertViewListsOnlyMissedAndFailedCallsAndReadsOnlyAlertRows()
    {
        var (log, reader) = Log();
        for (var i = 0; i < 200; i++)
            log.Add(Midnight.AddMinutes(i), i % 10 == 0 ? CallStatus.Missed : i % 10 == 5 ? CallStatus.Failed : CallStatus.Completed);
        log.ResetCounters();

        var page = await reader.ReadPageAsync(Query(pageSize: 50) with { View = CallLogView.Alerts });

        Assert.Equal(40, page.Items.Count);
        Assert.All(page.Items, i => Assert.True(i.Alert));
        Assert.Equal(40, log.EntitiesReturned);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task DirectionAndStatusFiltersKeepOnlyMatchingCalls()
    {
        var (log, reader) = Log();
        for (var i = 0; i < 60; i++)
            log.Add(Midnight.AddMinutes(i), (CallStatus)(i % 5), (CallDirection)(i % 3));

        var forward = await PageOlderToTheEnd(reader, Query(pageSize: 3) with
        {
            Direction = CallDirection.Outgoing, Statuses = [CallStatus.Missed, CallStatus.Completed],
        });
        var items = forward.SelectMany(p => p.Items).ToList();

        Assert.Equal(8, items.Count);
        Assert.All(items, i => Assert.Equal(CallDirection.Outgoing, i.Direction));
        Assert.All(items, i => Assert.Contains(i.Status, new[] { CallStatus.Missed, CallStatus.Completed }));
    }

    [Fact]
    public async Task NumberFilterFindsCallsWhereTheNumberIsEitherParty()
    {
        var (log, reader) = Log();
        for (var i = 0; i < 50; i++) log.Add(Midnight.AddMinutes(i), caller: $"+1555{i:D4}", callee: "+4420");
        log.Add(Midnight.AddHours(5), caller: "+4930", callee: "+15550007");
        log.ResetCounters();

        var page = await reader.ReadPageAsync(Query() with { Number = "+15550007" });

        Assert.Equal(2, page.Items.Count);
        Assert.Equal(2, log.EntitiesReturned);
    }

    [Fact]
    public async Task NewCallsArrivingWhilePagingNeitherRepeatNorSkipRows()
    {
        var (log, reader) = Log();
        for (var i = 0; i < 30; i++) log.Add(Midnight.AddMinutes(i));
        var first = await reader.ReadPageAsync(Query());

        for (var i = 0; i < 5; i++) log.Add(Midnight.AddHours(12 + i)); // newer than everything
        var second = await reader.ReadPageAsync(Query() with { Cursor = first.NextCursor });
        var backToFirst = await reader.ReadPageAsync(Query() with { Cursor = second.PrevCursor });
        var newest = await reader.ReadPageAsync(Query() with { Cursor = backToFirst.PrevCursor });

        Assert.Equal(Midnight.AddMinutes(19), second.Items[0].StartedAt);
        Assert.Equal(first.Items.Select(i => i.CallId), backToFirst.Items.Select(i => i.CallId));
        Assert.Equal(5, newest.Items.Count);
        Assert.Null(newest.PrevCursor);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(20_000)]
    public async Task EntitiesReadPerPageStayProportionalToThePageSize(int callsThatDay)
    {
        var (log, reader) = Log();
        for (var i = 0; i < callsThatDay; i++)
            log.Add(Midnight.AddMilliseconds(86_000_000.0 * i / callsThatDay), i % 7 == 0 ? CallStatus.Missed : CallStatus.Completed);

        foreach (var view in new[] { CallLogView.All, CallLogView.Alerts })
        {
            var query = Query(pageSize: 50) with { View = view };
            log.ResetCounters();
            var first = await reader.ReadPageAsync(query);
            Assert.True(log.EntitiesReturned <= 51, $"{view}: first page read {log.EntitiesReturned}");

            var second = await reader.ReadPageAsync(query with { Cursor = first.NextCursor });
            log.ResetCounters();
            var back = await reader.ReadPageAsync(query with { Cursor = second.PrevCursor });
            Assert.Equal(first.Items.Select(i => i.CallId), back.Items.Select(i => i.CallId));
            Assert.True(log.EntitiesReturned <= 4 * 51, $"{view}: newer page read {log.EntitiesReturned}");
        }
    }

    [Fact]
    public async Task ASelectiveFilterOverABusyDayReturnsAShortPageWithACursorInsteadOfScanningOn()
    {
        var (log, reader) = Log();
        for (var i = 0; i < 60_000; i++) log.Add(Midnight.AddMilliseconds(i * 1_000), direction: CallDirection.Incoming);
        log.Add(Midnight.AddSeconds(5), direction: CallDirection.Internal);
        log.ResetCounters();

        var query = Query() with { Direction = CallDirection.Internal };
        var page = await reader.ReadPageAsync(query);

        Assert.True(log.Requests <= 24, $"{log.Requests} requests");
        Assert.NotNull(page.NextCursor);
        var rest = await PageOlderToTheEnd(reader, query with { Cursor = page.NextCursor });
        Assert.Single(page.Items.Concat(rest.SelectMany(p => p.Items)));
    }

    [Fact]
    public async Task AlteredCursorIsRejected()
    {
        var (log, reader) = Log();
        for (var i = 0; i < 30; i++) log.Add(Midnight.AddMinutes(i));
        var cursor = (await reader.ReadPageAsync(Query())).NextCursor!;
        var altered = (cursor[5] == 'A' ? "B" : "A") is var c ? cursor[..5] + c + cursor[6..] : cursor;

        var error = await Assert.ThrowsAsync<CallLogCursorException>(() => reader.ReadPageAsync(Query() with { Cursor = altered }));
        Assert.Contains("start again from the first page", error.Message);
        await Assert.ThrowsAsync<CallLogCursorException>(() => reader.ReadPageAsync(Query() with { Cursor = "not-a-cursor" }));
        await Assert.ThrowsAsync<CallLogCursorException>(() => reader.ReadPageAsync(Query() with { Cursor = "" + cursor[..^2] }));
    }

    [Fact]
    public async Task CursorFromAnotherWorkspaceOrFilterIsRejected()
    {
        var (log, reader) = Log();
        for (var i = 0; i < 30; i++) log.Add(Midnight.AddMinutes(i));
        var cursor = (await reader.ReadPageAsync(Query())).NextCursor!;

        await Assert.ThrowsAsync<CallLogCursorException>(() => reader.ReadPageAsync(Query(workspace: "rival") with { Cursor = cursor }));
        await Assert.ThrowsAsync<CallLogCursorException>(() => reader.ReadPageAsync(Query() with { Cursor = cursor, View = CallLogView.Alerts }));
        await Assert.ThrowsAsync<CallLogCursorException>(() => reader.ReadPageAsync(Query(to: Day.AddDays(1)) with { Cursor = cursor }));
        var otherKey = new CallLogReader(log, new CallLogCursorCodec(CallLogCursorCodec.DeriveKey("another deployment")));
        await Assert.ThrowsAsync<CallLogCursorException>(() => otherKey.ReadPageAsync(Query() with { Cursor = cursor }));
    }

    [Fact]
    public async Task ChangingThePageSizeKeepsTheCursorValid()
    {
        var (log, reader) = Log();
        for (var i = 0; i < 30; i++) log.Add(Midnight.AddMinutes(i));
        var first = await reader.ReadPageAsync(Query());

        var next = await reader.ReadPageAsync(Query(pageSize: 50) with { Cursor = first.NextCursor });

        Assert.Equal(20, next.Items.Count);
    }

    [Fact]
    public async Task AlertViewAskedForCompletedCallsFindsNothing()
    {
        var (log, reader) = Log();
        log.Add(Midnight.AddMinutes(1), CallStatus.Completed);

        var page = await reader.ReadPageAsync(Query() with { View = CallLogView.Alerts, Statuses = [CallStatus.Completed] });

        Assert.Empty(page.Items);
    }
}
