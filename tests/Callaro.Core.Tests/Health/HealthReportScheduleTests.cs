using Callaro.Core.Health;

namespace Callaro.Core.Tests.Health;

public class HealthReportScheduleTests
{
    private static readonly TimeZoneInfo Auckland = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland"); // UTC+13 in January
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"); // UTC-8 in January
    private static readonly TimeOnly SixAm = new(6, 0);

    [Fact]
    public void AWorkspaceAtUtcPlus13GetsYesterdaysReportAtItsOwnSixAm()
    {
        // 16:59 UTC on 14 Jan is 05:59 on 15 Jan in Auckland: too early; 17:00 UTC is 06:00 there.
        Assert.Empty(HealthReportSchedule.DueDays(new(2025, 1, 14, 16, 59, 0, TimeSpan.Zero), Auckland, SixAm, 1));
        Assert.Equal([new DateOnly(2025, 1, 14)], HealthReportSchedule.DueDays(new(2025, 1, 14, 17, 0, 0, TimeSpan.Zero), Auckland, SixAm, 1));
    }

    [Fact]
    public void AWorkspaceAtUtcMinus8GetsYesterdaysReportAtItsOwnSixAm()
    {
        // 13:59 UTC on 15 Jan is 05:59 in Los Angeles; at 14:00 UTC the 14th is due.
        Assert.Empty(HealthReportSchedule.DueDays(new(2025, 1, 15, 13, 59, 0, TimeSpan.Zero), LosAngeles, SixAm, 1));
        Assert.Equal([new DateOnly(2025, 1, 14)], HealthReportSchedule.DueDays(new(2025, 1, 15, 14, 0, 0, TimeSpan.Zero), LosAngeles, SixAm, 1));
    }

    [Fact]
    public void TheSameUtcInstantIsADifferentLocalDayInEachZone()
    {
        var now = new DateTimeOffset(2025, 1, 15, 18, 0, 0, TimeSpan.Zero); // 07:00 16 Jan Auckland, 10:00 15 Jan LA
        Assert.Equal(new DateOnly(2025, 1, 15), HealthReportSchedule.DueDays(now, Auckland, SixAm, 1).Single());
        Assert.Equal(new DateOnly(2025, 1, 14), HealthReportSchedule.DueDays(now, LosAngeles, SixAm, 1).Single());
    }

    [Fact]
    public void CatchUpListsEveryMissedDayOldestFirstWithinTheWindow()
    {
        var now = new DateTimeOffset(2025, 1, 20, 7, 0, 0, TimeSpan.Zero);
        Assert.Equal(
            [new DateOnly(2025, 1, 17), new DateOnly(2025, 1, 18), new DateOnly(2025, 1, 19)],
            HealthReportSchedule.DueDays(now, TimeZoneInfo.Utc, SixAm, 3));
    }

    [Fact]
    public void ADaylightSavingDayHasItsRealLength()
    {
        var (from, to) = HealthReportSchedule.DayWindow(new DateOnly(2025, 3, 9), LosAngeles); // spring forward
        Assert.Equal(TimeSpan.FromHours(23), to - from);
        Assert.Equal(new DateTimeOffset(2025, 3, 9, 8, 0, 0, TimeSpan.Zero), from);
    }
}
