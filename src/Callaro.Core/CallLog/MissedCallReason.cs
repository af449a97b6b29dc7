using System.Globalization;
using Callaro.Core.Calls;

namespace Callaro.Core.CallLog;

/// <summary>
/// Why a call was missed or failed, in words a manager reads without a SIP table: from the failure reason
/// (a SIP code or a provider's cause) and the provider's status word. The raw values stay on the record.
/// </summary>
public static class MissedCallReason
{
    private static readonly Dictionary<string, string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["no-answer"] = "Nobody answered",
        ["no_answer"] = "Nobody answered",
        ["unanswered"] = "Nobody answered",
        ["timeout"] = "Nobody answered before it timed out",
        ["ring_timeout"] = "Nobody answered before it timed out",
        ["busy"] = "The line was busy",
        ["canceled"] = "The caller hung up before anyone answered",
        ["cancelled"] = "The caller hung up before anyone answered",
        ["rejected"] = "The call was rejected",
        ["declined"] = "The call was declined",
        ["failed"] = "The call could not be connected",
        ["invalid_number"] = "The number is not valid",
        ["number_out_of_service"] = "The number is out of service",
        ["unavailable"] = "The other party was unavailable",
        ["cannot_route"] = "The call could not be routed",
        ["restricted"] = "The call was not allowed through",
    };

    private static readonly Dictionary<int, string> SipWords = new()
    {
        [403] = "The call was not allowed through",
        [404] = "The number does not exist",
        [408] = "Nobody answered before it timed out",
        [410] = "The number is no longer in use",
        [480] = "The other party was unavailable",
        [484] = "The number is incomplete",
        [486] = "The line was busy",
        [487] = "The caller hung up before anyone answered",
        [488] = "The other side could not take the call",
        [500] = "The carrier had a fault",
        [502] = "The carrier had a fault",
        [503] = "The carrier was unavailable",
        [600] = "The line was busy",
        [603] = "The call was declined",
        [604] = "The number does not exist",
    };

    /// <summary>The reason in words, with the raw code in brackets; null for calls that were not missed or failed.</summary>
    public static string? Describe(CallStatus status, string? providerStatus, string? failureReason)
    {
        if (status is not (CallStatus.Missed or CallStatus.Failed)) return null;
        var reason = failureReason?.Trim();
        if (reason is { Length: > 0 })
        {
            if (int.TryParse(reason, NumberStyles.None, CultureInfo.InvariantCulture, out var sip))
                return (SipWords.TryGetValue(sip, out var sipWords) ? sipWords : sip >= 500 ? "The carrier had a fault" : "The call could not be connected") + $" (SIP {sip})";
            if (Words.TryGetValue(reason, out var words)) return words;
            if (providerStatus is { } p && Words.TryGetValue(p, out var statusWords)) return $"{statusWords} ({reason})";
            return reason;
        }
        if (providerStatus is { } word && Words.TryGetValue(word, out var described)) return described;
        return status == CallStatus.Missed ? "Nobody answered" : "The call could not be connected";
    }
}
