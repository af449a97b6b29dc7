using System.Globalization;
using Callaro.Core.Calls;

namespace Callaro.Core.CallLog;

/// <summary>
/// The keys the query side reads, taken from <see cref="CallTableKeys"/> (docs/table-design.md) so the
/// reader follows the ingestion side's layout. Row keys sort newest first through inverted ticks; each
/// kind of row has its own prefix, so one range query reads only the kind a view needs.
/// </summary>
public static class CallLogLayout
{
    /// <summary>Prefix of the log rows (one per call).</summary>
    public const string LogPrefix = CallTableKeys.LogPrefix;
    /// <summary>Prefix of the alert rows (one per missed or failed call).</summary>
    public const string AlertPrefix = CallTableKeys.AlertPrefix;

    /// <summary>The partition of one workspace's day.</summary>
    public static string PartitionKey(string workspace, DateOnly day) => CallTableKeys.DatePartition(workspace, day);

    /// <summary>Inverted ticks: later instants sort first.</summary>
    public static string InvertedTicks(DateTimeOffset instant) => CallTableKeys.InvertedTicks(instant);

    /// <summary>The row-key prefix a view reads (number rows are per number).</summary>
    public static string RowPrefix(CallLogView view, string? number) =>
        number is not null ? NumberRowPrefix(number) : view == CallLogView.Alerts ? AlertPrefix : LogPrefix;

    /// <summary>
    /// Prefix of the index rows a number search reads: the number's own rows for a whole number in any spelling
    /// (see <see cref="PhoneNumber.IndexForm"/>), the suffix rows for 4 or more trailing digits (<see cref="PhoneNumber.SearchSuffix"/>).
    /// </summary>
    public static string NumberRowPrefix(string number) =>
        PhoneNumber.SearchSuffix(number) is { } digits ? CallTableKeys.SuffixRowPrefix(digits) : CallTableKeys.NumberRowPrefix(PhoneNumber.IndexForm(number));

    /// <summary>Prefix of the rows of exactly this number (in any spelling), never of numbers ending like it.</summary>
    public static string WholeNumberRowPrefix(string number) => CallTableKeys.NumberRowPrefix(PhoneNumber.IndexForm(number));

    /// <summary>The prefixes of every index row a stored number has: its own rows and one per indexed suffix.</summary>
    public static IEnumerable<string> IndexRowPrefixes(string number) =>
        PhoneNumber.IndexSuffixes(number).Select(CallTableKeys.SuffixRowPrefix).Prepend(WholeNumberRowPrefix(number));

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
    public static string PrefixEnd(string prefix) => CallTableKeys.PrefixEnd(prefix);
}
