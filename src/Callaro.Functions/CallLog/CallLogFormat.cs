using System.Globalization;

namespace Callaro.Functions.CallLog;

/// <summary>How the log shows durations and times.</summary>
public static class CallLogFormat
{
    /// <summary><c>hh:mm:ss</c>; hours grow past 99 rather than wrap.</summary>
    public static string Duration(int seconds) => Core.CallLog.CallLogCsv.Duration(seconds);

    /// <summary>A span as a person says it: <c>45 s</c>, <c>12 min</c>, <c>3 h 5 min</c>, <c>2 d 4 h</c>.</summary>
    public static string Span(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        return span switch
        {
            { TotalMinutes: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalSeconds} s"),
            { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min"),
            { TotalDays: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes} min"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} d {span.Hours} h"),
        };
    }

    /// <summary>An instant as a wall-clock date and time in a zone, in a culture's short date and long time.</summary>
    public static string LocalTime(DateTimeOffset instant, TimeZoneInfo zone, CultureInfo culture) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("G", culture);

    /// <summary>UTC ISO-8601 with a <c>Z</c>.</summary>
    public static string Utc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Finds a time zone by IANA or Windows id.</summary>
    public static TimeZoneInfo? FindZone(string id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64) return null;
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException) { return null; }
    }

    /// <summary>A culture by name, or null when the name is not a known culture.</summary>
    public static CultureInfo? FindCulture(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 32) return null;
        try
        {
            var culture = CultureInfo.GetCultureInfo(name, predefinedOnly: true);
            return culture.Equals(CultureInfo.InvariantCulture) ? null : culture;
        }
        catch (CultureNotFoundException) { return null; }
    }

    /// <summary>The first culture of an <c>Accept-Language</c> header that is known, by quality.</summary>
    public static CultureInfo? FromAcceptLanguage(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var candidates = header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part =>
            {
                var pieces = part.Split(';', StringSplitOptions.TrimEntries);
                var q = 1.0;
                foreach (var p in pieces.Skip(1))
                    if (p.StartsWith("q=", StringComparison.OrdinalIgnoreCase) && double.TryParse(p[2..], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) q = v;
                return (Name: pieces[0], Q: q);
            })
            .Where(c => c.Q > 0 && c.Name != "*")
            .OrderByDescending(c => c.Q);
        foreach (var (name, _) in candidates)
            if (FindCulture(name) is { } culture) return culture;
        return null;
    }
}
