using System.Globalization;

namespace Callaro.Core.CallLog;

/// <summary>
/// The keys the query side reads, in one place so that it follows the ingestion side's table layout.
/// Partition: <c>{workspace}_{yyyyMMdd}</c> (the call's start day in the workspace's reporting time zone).
/// Row keys sort newest first through inverted ticks; each kind of row has its own prefix, so one
/// range query reads only the kind a view needs.
/// </summary>
public static class CallLogLayout
{
    /// <summary>Prefix of the log rows (one per call).</summary>
    public const string LogPrefix = "log_";
    /// <summary>Prefix of the alert rows (one per missed or failed call).</summary>
    public const string AlertPrefix = "alert_";
    /// <summary>Prefix of the number-index rows (one per party of a call).</summary>
    public const string NumberPrefix = "num_";

    /// <summary>The partition of one workspace's day.</summary>
    public static string PartitionKey(string workspace, DateOnly day) =>
        $"{workspace}_{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    /// <summary>Inverted ticks: later instants sort first.</summary>
    public static string InvertedTicks(DateTimeOffset instant) =>
        (DateTime.MaxValue.Ticks - instant.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The instant an inverted-ticks key part stands for.</summary>
    public static DateTimeOffset FromInvertedTicks(long inverted) =>
        new(DateTime.MaxValue.Ticks - inverted, TimeSpan.Zero);

    /// <summary>The row-key prefix a view reads (number rows are per number).</summary>
    public static string RowPrefix(CallLogView view, string? number) =>
        number is not null ? NumberRowPrefix(number) : view == CallLogView.Alerts ? AlertPrefix : LogPrefix;

    /// <summary>Prefix of one number's index rows; characters Table Storage forbids in keys are escaped.</summary>
    public static string NumberRowPrefix(string number) => NumberPrefix + EscapeKeyPart(number) + "_";

    /// <summary>The row key of a row of <paramref name="prefix"/> for a call starting at <paramref name="startedAt"/>.</summary>
    public static string RowKey(string prefix, DateTimeOffset startedAt, string callId) =>
        prefix + InvertedTicks(startedAt) + "_" + callId;

    /// <summary>Reads the inverted ticks of a row key of <paramref name="prefix"/>, when it has them.</summary>
    public static long? InvertedTicksOf(string prefix, string rowKey)
    {
        if (!rowKey.StartsWith(prefix, StringComparison.Ordinal) || rowKey.Length < prefix.Length + 19)
            return null;
        return long.TryParse(rowKey.AsSpan(prefix.Length, 19), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    /// <summary>The smallest string greater than every key starting with <paramref name="prefix"/>.</summary>
    public static string PrefixEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    private static string EscapeKeyPart(string value)
    {
        var sb = new System.Text.StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' or '_' || char.IsControl(c))
                sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else
                sb.Append(c);
        }
        return sb.ToString();
    }
}
