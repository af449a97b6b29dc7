using Azure.Data.Tables;
using Azure;
using Callaro.Core.CallLog;
using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Core.Workspaces;
using Xunit.Abstractions;

namespace Callaro.Core.Tests.Integration;

public class CallIngestionTests(ITestOutputHelper output)
{
    // Recent enough to pass "not before 2000", old enough to never be "in the future".
    private static readonly DateTimeOffset Day = new(2025, 3, 14, 0, 0, 0, TimeSpan.Zero);

    private static CallEvent Ev(string id, CallEventType type, DateTimeOffset at, string callId = "CA1", string workspace = "default") => new()
    {
        EventId = id, Type = type, OccurredAt = at, CallId = callId, WorkspaceId = workspace, Source = "twilio",
        Caller = "+14155550100", Callee = "+14155550101", Direction = CallDirection.Incoming,
    };

    private static string Pk(DateTimeOffset day, string workspace = "default") => CallTableKeys.DatePartition(workspace, DateOnly.FromDateTime(day.UtcDateTime));

    [Fact]
    public async Task DuplicateDeliveryIsStoredOnce()
    {
        var storage = await TestStorage.CreateAsync();
        var ingestor = storage.Ingestor();
        var ringing = Ev("e1", CallEventType.Ringing, Day.AddHours(10));

        Assert.Equal(new IngestResult(1, 0), await ingestor.IngestAsync([ringing]));
        Assert.Equal(new IngestResult(0, 1), await ingestor.IngestAsync([ringing]));
        Assert.Equal(new IngestResult(0, 2), await ingestor.IngestAsync([ringing, ringing]));

        var record = await storage.Reader().GetAsync("default", "CA1");
        Assert.NotNull(record);
        Assert.Equal(1, record.EventCount);
        Assert.Single(record.History);
        Assert.Single(await storage.RowsAsync(Pk(Day), CallTableKeys.LogPrefix));
    }

    [Fact]
    public async Task OutOfOrderDeliveryConvergesToTheSameStoredRows()
    {
        var events = new[]
        {
            Ev("e1", CallEventType.Ringing, Day.AddHours(10)) with { Sequence = 0 },
            Ev("e2", CallEventType.Answered, Day.AddHours(10).AddSeconds(8)) with { Sequence = 1, OperatorId = "alice" },
            Ev("e3", CallEventType.Missed, Day.AddHours(10).AddSeconds(30)) with { Sequence = 2, ProviderStatus = "no-answer", FailureReason = "480" },
            Ev("e4", CallEventType.Completed, Day.AddHours(10).AddSeconds(30)) with { Sequence = 3, DurationSeconds = 22 },
            Ev("e5", CallEventType.CallLogged, Day.AddHours(10).AddMinutes(2)) with { Report = new CallReport("callback", "Asked to call back", null) },
        }.Select(e => e with { ReceivedAt = Day.AddHours(11) }).ToArray();

        var inOrder = await TestStorage.CreateAsync();
        foreach (var e in events) await inOrder.Ingestor().IngestAsync([e]);

        var shuffled = await TestStorage.CreateAsync();
        foreach (var e in events.Reverse().Concat(events.Take(2)).Concat([events[3], events[3]]))
            await shuffled.Ingestor().IngestAsync([e]);

        Assert.Equal(await inOrder.DumpAsync(), await shuffled.DumpAsync());
        var record = await shuffled.Reader().GetAsync("default", "CA1");
        Assert.Equal(CallStatus.Missed, record!.Status); // simultaneous missed and completed: the alert wins the tie
        Assert.Single(await shuffled.RowsAsync(Pk(Day), CallTableKeys.AlertPrefix));
    }

    [Fact]
    public async Task SixteenParallelEventsOfOneCallLoseNoUpdate()
    {
        var storage = await TestStorage.CreateAsync();
        var ingestor = storage.Ingestor();
        var start = Day.AddHours(14);
        var events = Enumerable.Range(0, 16).Select(i => i switch
        {
            0 => Ev("p00", CallEventType.Ringing, start),
            1 => Ev("p01", CallEventType.Answered, start.AddSeconds(5)),
            15 => Ev("p15", CallEventType.Completed, start.AddMinutes(3)),
            _ => Ev($"p{i:D2}", CallEventType.CrmActivity, start.AddSeconds(10 + i)) with
            {
                Crm = new CrmActivity("hubspot", $"N{i}", "note", true, null, null, null),
            },
        }).ToList();

        var results = await Task.WhenAll(events.Select(e => Task.Run(() => ingestor.IngestAsync([e]))));

        Assert.Equal(16, results.Sum(r => r.Accepted));
        var record = await storage.Reader().GetAsync("default", "CA1");
        Assert.Equal(16, record!.EventCount);
        Assert.Equal(16, record.History.Count);
        Assert.Equal(CallStatus.Completed, record.Status);
        Assert.Equal(175, record.DurationSeconds);
        Assert.Equal(CallRecord.CrmLimit > 13 ? 13 : CallRecord.CrmLimit, record.CrmActivities.Count);
        Assert.Single(await storage.RowsAsync(Pk(Day), CallTableKeys.LogPrefix));
    }

    [Fact]
    public async Task ALateEarlierStartMovesTheCallToItsDayAndShowsItOnce()
    {
        var storage = await TestStorage.CreateAsync();
        var ingestor = storage.Ingestor();
        var nextDay = Day.AddDays(1);
        await ingestor.IngestAsync([Ev("e1", CallEventType.Answered, nextDay.AddMinutes(2))]);
        Assert.Single(await storage.RowsAsync(Pk(nextDay), CallTableKeys.LogPrefix));

        // The provider's final event says the call started before midnight.
        await ingestor.IngestAsync([Ev("e2", CallEventType.Completed, nextDay.AddMinutes(10)) with { StartedAt = Day.AddHours(23).AddMinutes(58) }]);

        Assert.Empty(await storage.RowsAsync(Pk(nextDay), CallTableKeys.LogPrefix));
        Assert.Empty(await storage.RowsAsync(Pk(nextDay), CallTableKeys.NumberPrefix));
        var log = Assert.Single(await storage.RowsAsync(Pk(Day), CallTableKeys.LogPrefix));
        Assert.Equal("completed", log.GetString("Status"));
        var found = await storage.Reader().LocateAsync("default", "CA1");
        Assert.Equal(Pk(Day), found!.PartitionKey);
        Assert.Equal(2, found.Record.EventCount);

        // A late duplicate that points at the old day still finds the call and changes nothing.
        Assert.Equal(new IngestResult(0, 1), await ingestor.IngestAsync([Ev("e1", CallEventType.Answered, nextDay.AddMinutes(2))]));
        Assert.Single(await storage.RowsAsync(Pk(Day), CallTableKeys.LogPrefix));
        Assert.Empty(await storage.RowsAsync(Pk(nextDay), CallTableKeys.LogPrefix));
    }

    [Fact]
    public async Task AMoveInterruptedAfterTheNewDayWasWrittenIsRepairedByTheRetry()
    {
        var storage = await TestStorage.CreateAsync();
        var nextDay = Day.AddDays(1);
        await storage.Ingestor().IngestAsync([Ev("e1", CallEventType.Answered, nextDay.AddMinutes(2))]);
        var revealing = Ev("e2", CallEventType.Completed, nextDay.AddMinutes(10)) with { StartedAt = Day.AddHours(23).AddMinutes(58) };

        // The new home is written, then storage fails before the old day is cleaned up.
        await Assert.ThrowsAnyAsync<RequestFailedException>(() => storage.WithFailingBatches(passFirst: 1).Ingestor().IngestAsync([revealing]));
        Assert.Single(await storage.RowsAsync(Pk(Day), CallTableKeys.LogPrefix)); // never lost...
        Assert.Single(await storage.RowsAsync(Pk(nextDay), CallTableKeys.LogPrefix)); // ...but shown twice until repaired

        Assert.Equal(new IngestResult(0, 1), await storage.Ingestor().IngestAsync([revealing]));
        Assert.Single(await storage.RowsAsync(Pk(Day), CallTableKeys.LogPrefix));
        Assert.Empty(await storage.RowsAsync(Pk(nextDay), CallTableKeys.LogPrefix));
        Assert.Equal(2, (await storage.Reader().GetAsync("default", "CA1"))!.EventCount);
    }

    [Fact]
    public async Task ParallelEventsThatKeepMovingTheStartEndWithOneRowOnTheEarliestDay()
    {
        var storage = await TestStorage.CreateAsync();
        var ingestor = storage.Ingestor();
        var midnight = Day.AddDays(1);
        // Each event's own time points at a different day; every one reveals some start.
        var events = Enumerable.Range(0, 16).Select(i =>
            Ev($"m{i:D2}", i % 3 == 0 ? CallEventType.Ringing : CallEventType.CrmActivity, midnight.AddMinutes(i - 8)) with
            {
                StartedAt = midnight.AddMinutes(i - 8).AddSeconds(-30),
                Crm = i % 3 == 0 ? null : new CrmActivity("hubspot", null, "note", true, null, null, null),
            }).ToList();

        var results = await Task.WhenAll(events.Select(e => Task.Run(() => ingestor.IngestAsync([e]))));

        Assert.Equal(16, results.Sum(r => r.Accepted));
        var found = await storage.Reader().LocateAsync("default", "CA1");
        Assert.Equal(Pk(Day), found!.PartitionKey);
        Assert.Equal(16, found.Record.EventCount);
        Assert.Single(await storage.RowsAsync(Pk(Day), CallTableKeys.LogPrefix));
        Assert.Empty(await storage.RowsAsync(Pk(midnight), CallTableKeys.LogPrefix));
    }

    [Fact]
    public async Task ACallAcrossMidnightStaysOnItsStartDate()
    {
        var storage = await TestStorage.CreateAsync();
        var ingestor = storage.Ingestor();
        var start = Day.AddHours(23).AddMinutes(50);
        await ingestor.IngestAsync([Ev("e1", CallEventType.Ringing, start)]);
        await ingestor.IngestAsync([Ev("e2", CallEventType.Answered, start.AddMinutes(1))]);
        await ingestor.IngestAsync([Ev("e3", CallEventType.Completed, start.AddMinutes(25))]);

        var log = Assert.Single(await storage.RowsAsync(Pk(Day), CallTableKeys.LogPrefix));
        Assert.Equal(24 * 60, log.GetInt32("DurationSeconds"));
        Assert.Empty(await storage.RowsAsync(Pk(Day.AddDays(1)), ""));
    }

    [Fact]
    public async Task EachWorkspaceIsPartitionedByItsOwnReportingTimeZone()
    {
        var storage = await TestStorage.CreateAsync();
        var settings = new WorkspaceSettingsStore(storage.Service, storage.Names);
        await settings.SetAsync("berlin", new WorkspaceSettings("Europe/Berlin", "de-DE"));
        var ingestor = storage.Ingestor(settings);
        var lateEvening = Day.AddHours(23).AddMinutes(30); // 00:30 on the next day in Berlin

        await ingestor.IngestAsync([Ev("b1", CallEventType.Ringing, lateEvening, workspace: "berlin"), Ev("u1", CallEventType.Ringing, lateEvening, workspace: "utc")]);

        Assert.Single(await storage.RowsAsync(Pk(Day.AddDays(1), "berlin"), CallTableKeys.LogPrefix));
        Assert.Single(await storage.RowsAsync(Pk(Day, "utc"), CallTableKeys.LogPrefix));
        Assert.Equal("Europe/Berlin", (await settings.GetAsync("berlin")).ReportingTimeZone);
        Assert.Equal(WorkspaceSettings.Default, await settings.GetAsync("nobody"));
    }

    [Fact]
    public async Task IngestingAnEventCostsAtMostThreeStorageTransactions()
    {
        var storage = await TestStorage.CreateAsync();
        var ingestor = storage.Ingestor();
        var start = Day.AddHours(9);
        var steps = new (string Name, CallEvent Event)[]
        {
            ("new call (ringing)", Ev("t1", CallEventType.Ringing, start)),
            ("answered", Ev("t2", CallEventType.Answered, start.AddSeconds(6))),
            ("completed", Ev("t3", CallEventType.Completed, start.AddMinutes(4))),
            ("duplicate", Ev("t3", CallEventType.Completed, start.AddMinutes(4))),
            ("report", Ev("t4", CallEventType.CallLogged, start.AddMinutes(5)) with { Report = new CallReport("sale", "Bought", null) }),
            ("new call, first event not ringing", Ev("u1", CallEventType.Completed, start, callId: "CA2")),
        };

        var counts = new List<int>();
        foreach (var (name, e) in steps)
        {
            storage.Counter.Reset();
            await ingestor.IngestAsync([e]);
            output.WriteLine($"{name}: {storage.Counter.Count} transactions");
            counts.Add((int)storage.Counter.Count);
        }

        Assert.All(counts, c => Assert.InRange(c, 1, 3));
        Assert.Equal([2, 2, 2, 1, 2, 3], counts);
    }

    [Fact]
    public async Task ACallIsFoundByTheLastDigitsOfEitherNumberFromItsIndexRowsOnly()
    {
        var storage = await TestStorage.CreateAsync();
        var ingestor = storage.Ingestor();
        await ingestor.IngestAsync([
            Ev("v1", CallEventType.Ringing, Day.AddHours(9), callId: "V1") with { Caller = "14155550123", Callee = "32010" },
            Ev("v2", CallEventType.Ringing, Day.AddHours(10), callId: "V2") with { Caller = "+44 20 7183 8750", Callee = "client:alice" },
            Ev("v3", CallEventType.Ringing, Day.AddHours(11), callId: "V3") with { Caller = "+14155559999", Callee = "201" },
        ]);
        var counter = new Tests.CallLog.EntityCountingPolicy();
        var options = new TableClientOptions();
        options.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerCall);
        var reader = new CallLogReader(
            new TableCallLogRowSource(new TableClient(TestStorage.ConnectionString, storage.Names.CallsTable, options)),
            new CallLogCursorCodec(CallLogCursorCodec.DeriveKey("suffix")));
        var day = DateOnly.FromDateTime(Day.UtcDateTime);

        async Task<string> Found(string number)
        {
            counter.Reset();
            var page = await reader.ReadPageAsync(new CallLogQuery { Workspace = "default", From = day, To = day, Number = number });
            Assert.Equal(page.Items.Count, counter.Entities); // index rows of matching calls only
            return string.Join(",", page.Items.Select(i => i.CallId));
        }

        Assert.Equal("V1", await Found("0123"));
        Assert.Equal("V1", await Found("(415) 555-0123"));
        Assert.Equal("V2", await Found("020 7183 8750"));
        Assert.Equal("V1", await Found("2010"));
        Assert.Equal("V3", await Found("201"));
        Assert.Equal("", await Found("7777"));
    }

    [Fact]
    public async Task AStorageFailureSurfacesAndNothingIsReportedAccepted()
    {
        var storage = await TestStorage.CreateAsync();
        var broken = storage.WithFailingBatches();
        var ringing = Ev("e1", CallEventType.Ringing, Day.AddHours(8));

        await Assert.ThrowsAnyAsync<RequestFailedException>(() => broken.Ingestor().IngestAsync([ringing]));

        Assert.Null(await storage.Reader().GetAsync("default", "CA1"));
        Assert.Empty(await storage.RowsAsync(Pk(Day), CallTableKeys.LogPrefix));

        // The provider retries; the half-done attempt (id claimed, nothing written) is repaired.
        Assert.Equal(new IngestResult(1, 0), await storage.Ingestor().IngestAsync([ringing]));
        Assert.Single(await storage.RowsAsync(Pk(Day), CallTableKeys.LogPrefix));
    }

    [Fact]
    public async Task AnInvalidEventInABatchRejectsTheBatchAndWritesNothing()
    {
        var storage = await TestStorage.CreateAsync();
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => storage.Ingestor().IngestAsync(
            [Ev("ok", CallEventType.Ringing, Day.AddHours(8)), Ev("bad", CallEventType.Ringing, Day.AddHours(8), callId: "CA/2")]));
        Assert.Contains("events[1].callId", ex.Message);
        Assert.Equal(0, storage.Counter.Count);
    }

    [Fact]
    public async Task ACallWithADealIsListedOnTheDealTimeline()
    {
        var storage = await TestStorage.CreateAsync();
        await storage.Ingestor().IngestAsync([Ev("d1", CallEventType.Ringing, Day.AddHours(12)) with { DealId = "D-42" }]);

        var prefix = CallTableKeys.DealRowPrefix("D-42");
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {"default"} and RowKey ge {prefix} and RowKey lt {CallTableKeys.PrefixEnd(prefix)}");
        var rows = new List<TableEntity>();
        await foreach (var e in storage.Service.GetTableClient(storage.Names.DealCallsTable).QueryAsync<TableEntity>(filter)) rows.Add(e);
        var row = Assert.Single(rows);
        Assert.Equal("CA1", row.GetString("CallId"));
        Assert.Equal(Pk(Day), row.GetString("CallPartition"));
    }
}
