using System.Globalization;
using System.Text.Json;

namespace Callaro.Core.Calls;

/// <summary>
/// How much of an event's free-form content a call record keeps: a CRM activity's error and its sent and
/// observed values, and a report's summary and fields, each within a budget of stored characters (as the
/// record's JSON spells them, escapes included). Longer text is cut with a visible marker and values past
/// the budget are replaced by one entry saying how many were left out, so the record shows that something
/// was not kept instead of silently differing from what was sent. The cut is a pure function of the event,
/// so every delivery order keeps the same content.
/// </summary>
internal static class CallContentBounds
{
    /// <summary>Stored characters for one CRM activity's sent and observed values together.</summary>
    public const int CrmValuesBudget = 6_000;
    /// <summary>Stored characters for a CRM activity's error text.</summary>
    public const int CrmErrorBudget = 1_000;
    /// <summary>Stored characters for a report's summary.</summary>
    public const int SummaryBudget = 8_000;
    /// <summary>Stored characters for a report's fields.</summary>
    public const int ReportFieldsBudget = 8_000;

    /// <summary>The name of the entry that stands for values left out.</summary>
    public const string NotKeptName = "(not kept)";

    // Values that are not text cost about this much (a number, date or flag with its JSON punctuation).
    private const int ScalarCost = 48;
    // A cut text needs room for some of itself plus the marker; below this the value is left out instead.
    private const int SmallestCut = 160;

    public static CrmActivity Bound(CrmActivity crm)
    {
        var remaining = CrmValuesBudget;
        var sent = Bound(crm.Sent, ref remaining);
        var observed = Bound(crm.Observed, ref remaining);
        var error = crm.Error is { } e ? Cut(e, CrmErrorBudget) : null;
        return ReferenceEquals(sent, crm.Sent) && ReferenceEquals(observed, crm.Observed) && error == crm.Error
            ? crm
            : crm with { Sent = sent, Observed = observed, Error = error };
    }

    public static CallReport Bound(CallReport report)
    {
        var remaining = ReportFieldsBudget;
        var fields = Bound(report.Fields, ref remaining);
        var summary = report.Summary is { } s ? Cut(s, SummaryBudget) : null;
        return ReferenceEquals(fields, report.Fields) && summary == report.Summary ? report : report with { Fields = fields, Summary = summary };
    }

    /// <summary>Characters a string takes in the record's JSON, quotes included.</summary>
    public static int StoredLength(string text) => JsonEncodedText.Encode(text).EncodedUtf8Bytes.Length + 2;

    /// <summary>The values that fit in <paramref name="remaining"/> (in ordinal name order), the same instance when all do.</summary>
    private static IReadOnlyDictionary<string, CallFieldValue>? Bound(IReadOnlyDictionary<string, CallFieldValue>? values, ref int remaining)
    {
        if (values is null)
        {
            return null;
        }

        var kept = new SortedDictionary<string, CallFieldValue>(StringComparer.Ordinal);
        var changed = false;
        var leftOut = 0;
        foreach (var (name, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            var nameCost = StoredLength(name) + 1;
            var valueCost = value.Text is { } text ? StoredLength(text) + 10 : ScalarCost;
            if (nameCost + valueCost <= remaining)
            {
                kept[name] = value;
                remaining -= nameCost + valueCost;
            }
            else if (value.Text is { } longText && remaining - nameCost - 10 >= SmallestCut)
            {
                var cut = Cut(longText, remaining - nameCost - 10);
                kept[name] = value with { Text = cut };
                remaining -= nameCost + StoredLength(cut) + 10;
                changed = true;
            }
            else
            {
                leftOut++;
                changed = true;
            }
        }

        if (leftOut > 0)
        {
            // Outside the budget on purpose: the marker must always fit.
            kept[NotKeptName] = new CallFieldValue(Text: string.Create(CultureInfo.InvariantCulture,
                $"{leftOut} more value(s) were sent but not kept: the call record keeps at most {CrmValuesBudget:N0} characters of them."));
        }

        return changed ? kept : values;
    }

    /// <summary>
    /// <paramref name="text"/> when it fits in <paramref name="budget"/> stored characters, else its longest
    /// prefix that fits together with a marker saying how much was cut.
    /// </summary>
    internal static string Cut(string text, int budget)
    {
        if (StoredLength(text) <= budget)
        {
            return text;
        }

        // The longest prefix whose stored form (with the marker) fits; escapes make stored length non-linear, so search.
        int low = 0, high = text.Length;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (StoredLength(WithMarker(text, mid)) <= budget)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return WithMarker(text, low);
    }

    private static string WithMarker(string text, int keep)
    {
        // Never end inside a surrogate pair.
        if (keep > 0 && keep < text.Length && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{text.AsSpan(0, keep)}… [truncated: {text.Length - keep:N0} more characters not kept]");
    }
}
