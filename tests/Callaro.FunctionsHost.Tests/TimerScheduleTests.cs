using Callaro.FunctionsHost.Timers;

namespace Callaro.FunctionsHost.Tests;

public sealed class TimerScheduleTests
{
    private static readonly DateTime Noon = new(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("0 */5 * * * *", "2026-11-30T12:05:00Z")]
    [InlineData("30 0 12 * * *", "2026-11-30T12:00:30Z")]
    [InlineData("*/15 * * * *", "2026-11-30T12:15:00Z")]
    [InlineData("0 9 * * MON", "2026-12-07T09:00:00Z")]
    [InlineData("00:10:00", "2026-11-30T12:10:00Z")]
    [InlineData("1.00:00:00", "2026-12-01T12:00:00Z")]
    public void SchedulesGiveTheNextOccurrenceInUtc(string expression, string expected)
    {
        var next = TimerSchedule.Parse(expression).NextAfter(Noon);

        Assert.Equal(DateTime.Parse(expected, null, System.Globalization.DateTimeStyles.AdjustToUniversal), next);
        Assert.Equal(DateTimeKind.Utc, next.Kind);
    }

    [Theory]
    [InlineData("every five minutes")]
    [InlineData("0 0 25 * * *")]
    [InlineData("-00:05:00")]
    public void AnInvalidScheduleSaysWhatIsExpected(string expression)
    {
        var error = Assert.Throws<FormatException>(() => TimerSchedule.Parse(expression));

        Assert.Contains("NCRONTAB with 6 fields", error.Message);
    }
}
