using System.Globalization;

namespace Callaro.Core.Calls;

/// <summary>
/// Key formats of the call tables (docs/table-design.md). Readers build their range queries from these
/// so the layout stays in one place.
/// <list type="bullet">
/// <item><c>calls</c>: PartitionKey <c>{workspace}_{yyyyMMdd}</c> (start date in the workspace's reporting
/// time zone). Row keys: <c>c_{callId}</c> the call record; <c>l_{inverted ticks}_{callId}</c> the log row;
/// <c>a_{inverted ticks}_{callId}</c> the alert row (missed/failed only);
/// <c>n{len:D3}{number}_{inverted ticks}_{callId}</c> one per distinct caller/callee number;
/// <c>s{len:D2}{digits}_{inverted ticks}_{callId}</c> one per distinct trailing 4 to 10 digits of those numbers.</item>
/// <item><c>callids</c>: PartitionKey callId, RowKey workspace -> the date partition holding the call.</item>
/// <item><c>dealcalls</c>: PartitionKey workspace, RowKey <c>{len:D3}{dealId}_{inverted ticks}_{callId}</c>.</item>
/// </list>
/// Inverted ticks (<c>DateTime.MaxValue.Ticks - startedAt.UtcTicks</c>, 19 digits) sort newest first.
/// Variable-length parts are either last or length-prefixed, so no two keys can collide whatever
/// characters the ids hold.
/// </summary>
public static class CallTableKeys
{
    /// <summary>Row-key prefix of call records.</summary>
    public const string RecordPrefix = "c_";
    /// <summary>Row-key prefix of log rows (every call with a status).</summary>
    public const string LogPrefix = "l_";
    /// <summary>Row-key prefix of alert rows (missed and failed calls).</summary>
    public const string AlertPrefix = "a_";
    /// <summary>Row-key prefix of number index rows.</summary>
    public const string NumberPrefix = "n";
    /// <summary>Row-key prefix of number-suffix index rows.</summary>
    public const string SuffixPrefix = "s";

    /// <summary>The date partition of a workspace's day.</summary>
    public static string DatePartition(string workspaceId, DateOnly date) =>
        WorkspacePartitionPrefix(workspaceId) + date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>What every date partition of a workspace starts with, and no other workspace's ('_' is not allowed in an id).</summary>
    public static string WorkspacePartitionPrefix(string workspaceId) => workspaceId + "_";

    /// <summary>The date partition a call started at <paramref name="startedAt"/> belongs to, in <paramref name="timeZone"/>.</summary>
    public static string DatePartition(string workspaceId, DateTimeOffset startedAt, TimeZoneInfo timeZone) =>
        DatePartition(workspaceId, LocalDate(startedAt, timeZone));

    /// <summary>The calendar date of an instant in a time zone.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, timeZone).DateTime);

    /// <summary>19-digit inverted ticks: newer instants sort first.</summary>
    public static string InvertedTicks(DateTimeOffset startedAt) =>
        (DateTime.MaxValue.Ticks - startedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>Row key of the call record.</summary>
    public static string RecordRowKey(string callId) => RecordPrefix + callId;

    /// <summary>Row key of the log row.</summary>
    public static string LogRowKey(DateTimeOffset startedAt, string callId) => LogPrefix + InvertedTicks(startedAt) + "_" + callId;

    /// <summary>Row key of the alert row.</summary>
    public static string AlertRowKey(DateTimeOffset startedAt, string callId) => AlertPrefix + InvertedTicks(startedAt) + "_" + callId;

    /// <summary>Row-key prefix of every index row of one number (length-prefixed so "+1" never matches "+12").</summary>
    public static string NumberRowPrefix(string number) =>
        NumberPrefix + number.Length.ToString("D3", CultureInfo.InvariantCulture) + number + "_";

    /// <summary>Row key of a number index row.</summary>
    public static string NumberRowKey(string number, DateTimeOffset startedAt, string callId) =>
        NumberRowPrefix(number) + InvertedTicks(startedAt) + "_" + callId;

    /// <summary>Row-key prefix of every index row of numbers ending in <paramref name="digits"/> (see <see cref="PhoneNumber.IndexSuffixes"/>).</summary>
    public static string SuffixRowPrefix(string digits) =>
        SuffixPrefix + digits.Length.ToString("D2", CultureInfo.InvariantCulture) + digits + "_";

    /// <summary>Row key of a number-suffix index row.</summary>
    public static string SuffixRowKey(string digits, DateTimeOffset startedAt, string callId) =>
        SuffixRowPrefix(digits) + InvertedTicks(startedAt) + "_" + callId;

    /// <summary>Row-key prefix of one deal's rows in <c>dealcalls</c>.</summary>
    public static string DealRowPrefix(string dealId) =>
        dealId.Length.ToString("D3", CultureInfo.InvariantCulture) + dealId + "_";

    /// <summary>Row key of a deal row in <c>dealcalls</c>.</summary>
    public static string DealRowKey(string dealId, DateTimeOffset startedAt, string callId) =>
        DealRowPrefix(dealId) + InvertedTicks(startedAt) + "_" + callId;

    /// <summary>The smallest key greater than every key starting with <paramref name="prefix"/> (for <c>RowKey lt</c>).</summary>
    public static string PrefixEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);
}
