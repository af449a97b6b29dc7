namespace Callaro.Core.Health;

/// <summary>
/// Which days are due for a report, computed per workspace time zone in code: Linux Consumption ignores
/// <c>WEBSITE_TIME_ZONE</c>, so the timer fires in UTC and each workspace gets its own morning from here.
/// </summary>
public static class HealthReportSchedule
{
    /// <summary>The UTC instants where a local day starts and the next one starts (23 or 25 hours apart on DST days).</summary>
    public static (DateTimeOffset From, DateTimeOffset To) DayWindow(DateOnly date, TimeZoneInfo timeZone) =>
        (LocalInstant(date, TimeOnly.MinValue, timeZone), LocalInstant(date.AddDays(1), TimeOnly.MinValue, timeZone));

    /// <summary>The scheduled report time of a day: the report hour of the following local day.</summary>
    public static DateTimeOffset ReportTime(DateOnly date, TimeZoneInfo timeZone, TimeOnly reportTime) =>
        LocalInstant(date.AddDays(1), reportTime, timeZone);

    /// <summary>
    /// The days whose report should exist at <paramref name="now"/>: each local day that has ended and
    /// whose report time has passed, going back <paramref name="catchUpDays"/> days, oldest first
    /// (so a catch-up writes earlier days first and later trends can use them).
    /// </summary>
    public static IReadOnlyList<DateOnly> DueDays(DateTimeOffset now, TimeZoneInfo timeZone, TimeOnly reportTime, int catchUpDays)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, timeZone).DateTime);
        var due = new List<DateOnly>();
        for (var back = catchUpDays; back >= 1; back--)
        {
            var day = today.AddDays(-back);
            if (now >= ReportTime(day, timeZone, reportTime))
            {
                due.Add(day);
            }
        }
        return due;
    }

    // A local wall-clock time as a UTC instant. Times skipped by a DST jump move forward by the jump;
    // ambiguous times take the first (daylight) occurrence.
    private static DateTimeOffset LocalInstant(DateOnly date, TimeOnly time, TimeZoneInfo timeZone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        while (timeZone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }
        var offset = timeZone.IsAmbiguousTime(local) ? timeZone.GetAmbiguousTimeOffsets(local).Max() : timeZone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
