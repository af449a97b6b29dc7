using System.Globalization;
using NCrontab;

namespace Callaro.FunctionsHost.Timers;

/// <summary>A timer trigger's schedule: NCRONTAB (6 fields with seconds, or 5) or a TimeSpan interval, in UTC.</summary>
internal abstract class TimerSchedule
{
    /// <summary>The first occurrence strictly after <paramref name="afterUtc"/>.</summary>
    public abstract DateTime NextAfter(DateTime afterUtc);

    /// <exception cref="FormatException">The expression is neither NCRONTAB nor a TimeSpan.</exception>
    public static TimerSchedule Parse(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is 5 or 6)
        {
            var cron = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields.Length == 6 });
            if (cron is not null)
            {
                return new Cron(cron);
            }
        }
        else if (TimeSpan.TryParse(expression, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero)
        {
            return new Interval(interval);
        }

        throw new FormatException(
            $"'{expression}' is not a timer schedule: use NCRONTAB with 6 fields ('0 */5 * * * *': second minute hour day month weekday) or 5, or a TimeSpan such as '00:05:00'.");
    }

    private sealed class Cron(CrontabSchedule schedule) : TimerSchedule
    {
        public override DateTime NextAfter(DateTime afterUtc) =>
            DateTime.SpecifyKind(schedule.GetNextOccurrence(afterUtc), DateTimeKind.Utc);
    }

    private sealed class Interval(TimeSpan interval) : TimerSchedule
    {
        public override DateTime NextAfter(DateTime afterUtc) => afterUtc + interval;
    }
}
