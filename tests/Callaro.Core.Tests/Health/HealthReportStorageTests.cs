using System.Text;
using Callaro.Core.CallLog;
using Callaro.Core.Calls;
using Callaro.Core.Health;

namespace Callaro.Core.Tests.Health;

public class HealthReportStorageTests
{
    private static readonly TimeZoneInfo Auckland = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    private static HealthReportGenerator Generator(HealthStorage storage, InMemorySources sources, TimeProvider clock, int catchUpDays = 7) =>
        new(sources, sources, storage.Rejections(), storage.Store(), new HealthReportOptions { CatchUpDays = catchUpDays }, clock,
            new MissedCallFollowUps(new TableCallLogRowSource(storage.Tables.GetTableClient(storage.Names.CallsTable)), MissedCallFollowUps.DefaultWindow));

    private static Task CountAsync(WebhookRejectionCounter counter, string endpoint, string reason, DateTimeOffset at, long count = 1) =>
        counter.AddAsync(RejectionBucket.Of(endpoint, reason, at, workspaceId: null), count);

    [Fact]
    public async Task ConcurrentFlushesAreAllCounted()
    {
        var storage = await HealthStorage.CreateAsync();
        var counter = storage.Rejections();
        var at = new DateTimeOffset(2025, 3, 10, 9, 15, 0, TimeSpan.Zero);
        // Four instances flushing the same hour's row at once, five rejections each.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => CountAsync(counter, "twilio", "bad-signature", at, 5)));
        await CountAsync(counter, "callaro", "validation", at.AddHours(3));
        await CountAsync(counter, "callaro", "validation", at.AddDays(1)); // another day

        var day = await counter.ReadAsync("acme", at.Date, at.Date.AddDays(1));
        Assert.Equal([new RejectionCount("callaro", "validation", 1), new RejectionCount("twilio", "bad-signature", 20)],
            day.OrderBy(r => r.Endpoint));
    }

    [Fact]
    public async Task RejectionsAreCutAtTheWorkspacesOwnMidnight()
    {
        var storage = await HealthStorage.CreateAsync();
        var counter = storage.Rejections();
        // 10 March in Los Angeles (UTC-7 after the DST change on the 9th) runs 07:00 UTC 10th to 07:00 UTC 11th.
        await CountAsync(counter, "vonage", "validation", new(2025, 3, 10, 6, 59, 0, TimeSpan.Zero));
        await CountAsync(counter, "vonage", "validation", new(2025, 3, 10, 7, 0, 0, TimeSpan.Zero));
        await CountAsync(counter, "vonage", "validation", new(2025, 3, 11, 6, 30, 0, TimeSpan.Zero));
        var (from, to) = HealthReportSchedule.DayWindow(new DateOnly(2025, 3, 10), LosAngeles);
        Assert.Equal(2, (await counter.ReadAsync("acme", from, to)).Sum(r => r.Count));
    }

    [Fact]
    public async Task TheTimerWritesEachWorkspacesYesterdayOnItsOwnMorning()
    {
        var storage = await HealthStorage.CreateAsync();
        var sources = new InMemorySources(new("nz", Auckland), new("la", LosAngeles));
        sources.Calls[("nz", new DateOnly(2025, 1, 14))] = [new ReportCall { CallId = "N1", Status = CallStatus.Missed, StartedAt = new(2025, 1, 13, 20, 0, 0, TimeSpan.Zero) }];
        var clock = new FixedClock(new(2025, 1, 14, 17, 0, 0, TimeSpan.Zero)); // 06:00 15 Jan in Auckland; 09:00 14 Jan in LA
        var generator = Generator(storage, sources, clock, catchUpDays: 1);

        // Auckland's 14 January has just ended there; in Los Angeles it is still the 14th, so only its 13th is due.
        Assert.Equal([("nz", new DateOnly(2025, 1, 14)), ("la", new DateOnly(2025, 1, 13))], await generator.RunDueAsync());
        clock.Now = new(2025, 1, 15, 13, 59, 0, TimeSpan.Zero); // 05:59 in LA
        Assert.Empty(await generator.RunDueAsync());
        clock.Now = new(2025, 1, 15, 14, 0, 0, TimeSpan.Zero); // 06:00 in LA
        Assert.Equal([("la", new DateOnly(2025, 1, 14))], await generator.RunDueAsync());

        var stored = HealthReportJson.Deserialize((await storage.Store().GetJsonAsync("nz", new DateOnly(2025, 1, 14)))!.ToArray());
        Assert.Equal(1, stored.Calls.ByStatus.Missed);
        Assert.Equal(new DateTimeOffset(2025, 1, 14, 17, 0, 0, TimeSpan.Zero), stored.AsOf);
    }

    [Fact]
    public async Task ASkippedRunIsCaughtUpOldestFirstAndNothingIsWrittenTwice()
    {
        var storage = await HealthStorage.CreateAsync();
        var sources = new InMemorySources(new HealthWorkspace("acme", TimeZoneInfo.Utc));
        var clock = new FixedClock(new(2025, 3, 11, 6, 0, 0, TimeSpan.Zero));
        var generator = Generator(storage, sources, clock, catchUpDays: 7);
        await generator.GenerateAsync("acme", new DateOnly(2025, 3, 10));

        clock.Now = new(2025, 3, 14, 7, 0, 0, TimeSpan.Zero); // the runs of the 12th and 13th never happened
        sources.Reads.Clear();
        var written = await generator.RunDueAsync();
        Assert.Equal([new DateOnly(2025, 3, 7), new DateOnly(2025, 3, 8), new DateOnly(2025, 3, 9), new DateOnly(2025, 3, 11), new DateOnly(2025, 3, 12), new DateOnly(2025, 3, 13)],
            written.Select(w => w.Date));
        Assert.DoesNotContain(("acme", new DateOnly(2025, 3, 10)), sources.Reads);
        Assert.Empty(await generator.RunDueAsync());

        var list = await storage.Store().ListAsync("acme", 3);
        Assert.Equal([new DateOnly(2025, 3, 13), new DateOnly(2025, 3, 12), new DateOnly(2025, 3, 11)], list.Select(s => s.Summary.Date));
    }

    [Fact]
    public async Task RegeneratingADayGivesIdenticalJsonAndReplacesTheStoredReport()
    {
        var storage = await HealthStorage.CreateAsync();
        var sources = new InMemorySources(new HealthWorkspace("acme", TimeZoneInfo.Utc));
        sources.Calls[("acme", KnownDay.Date)] = KnownDay.Calls();
        sources.Campaigns["acme"] = KnownDay.Input().Campaigns;
        var clock = new FixedClock(new(2025, 3, 11, 6, 0, 0, TimeSpan.Zero));
        var generator = Generator(storage, sources, clock);

        var first = HealthReportJson.Serialize(await generator.GenerateAsync("acme", KnownDay.Date));
        clock.Now = clock.Now.AddDays(2);
        var second = HealthReportJson.Serialize(await generator.GenerateAsync("acme", KnownDay.Date));
        Assert.Equal(Encoding.UTF8.GetString(first), Encoding.UTF8.GetString(second));
        Assert.Equal(second, (await storage.Store().GetJsonAsync("acme", KnownDay.Date))!.ToArray());
        var html = (await storage.Store().GetHtmlAsync("acme", KnownDay.Date))!.ToString();
        Assert.Contains("Transcripts missing for 4 of 11 completed calls in campaign support", html);

        var listed = Assert.Single(await storage.Store().ListAsync("acme", 10));
        Assert.Equal((HealthVerdict.Failing, 23L, clock.Now), (listed.Summary.Verdict, listed.Summary.TotalCalls, listed.GeneratedAt));
    }

    [Fact]
    public async Task AnEmptyDayAfterBusyDaysIsFlaggedFromStoredSummaries()
    {
        var storage = await HealthStorage.CreateAsync();
        var sources = new InMemorySources(new HealthWorkspace("acme", TimeZoneInfo.Utc));
        sources.Calls[("acme", new DateOnly(2025, 3, 9))] = KnownDay.Calls();
        var generator = Generator(storage, sources, new FixedClock(new(2025, 3, 11, 6, 0, 0, TimeSpan.Zero)), catchUpDays: 2);
        await generator.RunDueAsync();

        var empty = HealthReportJson.Deserialize((await storage.Store().GetJsonAsync("acme", new DateOnly(2025, 3, 10)))!.ToArray());
        Assert.Equal(0, empty.Calls.Total);
        Assert.Equal(HealthVerdict.Failing, empty.Verdict);
        Assert.Equal("No calls logged — check the telephony integration before assuming there were no calls.", empty.NoCallsWarning);
        Assert.Equal(-23, empty.Trend.PreviousDay.CallsChange);
    }
}
