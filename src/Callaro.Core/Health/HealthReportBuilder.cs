using System.Globalization;
using Callaro.Core.Calls;

namespace Callaro.Core.Health;

/// <summary>
/// Folds a day's calls, one at a time and in any order, into a <see cref="HealthReport"/>. Memory depends
/// on the number of campaigns and the list limits, never on the number of calls: no call is kept except
/// in the capped lists and the bottom-k review sample.
/// </summary>
public sealed class HealthReportBuilder
{
    private static readonly IComparer<CallRef> EarliestFirst = Comparer<CallRef>.Create((a, b) =>
    {
        var byStart = Nullable.Compare(a.StartedAt, b.StartedAt);
        return byStart != 0 ? byStart : string.CompareOrdinal(a.CallId, b.CallId);
    });

    private readonly HealthReportInput _input;
    private readonly string _seed;
    private readonly CallTotalsAccumulator _totals = new();
    private readonly SortedDictionary<string, CampaignAccumulator> _campaigns = new(StringComparer.Ordinal);
    private readonly BoundedSelection<CallRef> _alerts;
    private readonly BoundedSelection<ConsistencyFinding> _findings;
    private readonly BoundedSelection<CallRef> _stuck;
    private readonly BoundedSelection<UnreadableTranscript> _unreadable;
    private readonly BoundedSelection<(ulong Hash, SampleCall Call)> _sample;

    /// <summary>Starts a report for the day and workspace described by <paramref name="input"/>.</summary>
    public HealthReportBuilder(HealthReportInput input)
    {
        _input = input;
        _seed = input.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var limit = input.Thresholds.ListLimit;
        _alerts = new(limit, EarliestFirst);
        _findings = new(limit, Comparer<ConsistencyFinding>.Create((a, b) => EarliestFirst.Compare(a.Call, b.Call)));
        _stuck = new(limit, EarliestFirst);
        _unreadable = new(limit, Comparer<UnreadableTranscript>.Create((a, b) => EarliestFirst.Compare(a.Call, b.Call)));
        _sample = new(input.Thresholds.SampleSize, Comparer<(ulong Hash, SampleCall Call)>.Create((a, b) =>
        {
            var byHash = a.Hash.CompareTo(b.Hash);
            return byHash != 0 ? byHash : string.CompareOrdinal(a.Call.Call.CallId, b.Call.Call.CallId);
        }));
    }

    /// <summary>Adds one call of the day.</summary>
    public void Add(ReportCall call)
    {
        _totals.Add(call, _input.TimeZone);
        var campaignId = call.CampaignId ?? "";
        if (!_campaigns.TryGetValue(campaignId, out var campaign))
        {
            var settings = _input.Campaigns.GetValueOrDefault(campaignId)
                ?? (campaignId.Length == 0 ? CampaignHealthSettings.CallOnly : CampaignHealthSettings.Default);
            campaign = new CampaignAccumulator(campaignId, settings);
            _campaigns.Add(campaignId, campaign);
        }

        var reference = new CallRef(call.CallId, call.CampaignId, call.Status, call.Direction, call.StartedAt,
            _input.Links.CallDetail(_input.WorkspaceId, call.CallId), call.Caller, call.Callee,
            _input.Names.Operator(call.OperatorId) ?? call.OperatorId, _input.Names.Campaign(call.CampaignId));
        if (call.Status is CallStatus.Missed or CallStatus.Failed)
        {
            _alerts.Add(reference);
        }

        if (IsStuck(call))
        {
            _stuck.Add(reference);
            campaign.Stuck++;
        }

        if (call.Transcript.State == ReportAttachmentState.Unreadable)
        {
            _unreadable.Add(new UnreadableTranscript(reference, call.Transcript.Reason));
        }

        campaign.Add(call, _input, reference, _findings.Add);
        _sample.Add((SampleHash(call.CallId), new SampleCall(reference, call.Outcome, call.HasSummary, call.Transcript.State, call.Recording.State)));
    }

    /// <summary>Finishes the report. The builder can be finished more than once; it does not change.</summary>
    public HealthReport Build()
    {
        var campaigns = _campaigns.Values.Select(c => c.ToReport(_input.Thresholds)).ToList();
        var calls = _totals.ToTotals();
        var rejections = _input.Rejections
            .GroupBy(r => (r.Endpoint, r.Reason))
            .Select(g => new RejectionCount(g.Key.Endpoint, g.Key.Reason, g.Sum(r => r.Count)))
            .OrderBy(r => r.Endpoint, StringComparer.Ordinal).ThenBy(r => r.Reason, StringComparer.Ordinal)
            .ToList();
        var orphans = _input.Orphans
            .OrderBy(o => o.ArrivedAt).ThenBy(o => o.BlobName, StringComparer.Ordinal)
            .ToList();
        var noCallsWarning = calls.Total == 0 && _input.PriorDays.Any(d => d.Date < _input.Date && d.TotalCalls > 0)
            ? "No calls logged — check the telephony integration before assuming there were no calls."
            : null;

        var issues = new List<HealthIssue>();
        if (noCallsWarning is not null)
        {
            issues.Add(new(HealthVerdict.Failing, "no-calls", null, noCallsWarning));
        }
        issues.AddRange(WorkspaceIssues(rejections, orphans.Count));
        issues.AddRange(campaigns.SelectMany(c => c.Issues));
        issues = issues
            .OrderByDescending(i => i.Severity)
            .ThenBy(i => i.CampaignId ?? "", StringComparer.Ordinal)
            .ThenBy(i => i.Code, StringComparer.Ordinal)
            .ToList();

        var (from, to) = HealthReportSchedule.DayWindow(_input.Date, _input.TimeZone);
        var verdict = issues.Count == 0 ? HealthVerdict.Healthy : issues.Max(i => i.Severity);
        var summary = HealthReport.Summarize(_input.Date, verdict, calls, campaigns, issues.Count);
        return new HealthReport
        {
            WorkspaceId = _input.WorkspaceId,
            Date = _input.Date,
            TimeZone = _input.TimeZone.Id,
            From = from,
            To = to,
            AsOf = _input.AsOf,
            Verdict = verdict,
            Issues = issues,
            NoCallsWarning = noCallsWarning,
            Calls = calls,
            Alerts = new AlertSection(calls.ByStatus.Missed, calls.ByStatus.Failed,
                _input.Links.AlertView(_input.WorkspaceId, _input.Date), new(_alerts.Seen, _alerts.Sorted()), _input.FollowUps),
            Links = new DayLinks(_input.Links.Log(_input.WorkspaceId, _input.Date),
                _input.Links.Digest(_input.WorkspaceId, _input.Date.AddDays(-1)), _input.Links.Digest(_input.WorkspaceId, _input.Date.AddDays(1))),
            Campaigns = campaigns,
            ConsistencyFindings = new(_findings.Seen, _findings.Sorted()),
            StuckCalls = new(_stuck.Seen, _stuck.Sorted()),
            UnreadableTranscripts = new(_unreadable.Seen, _unreadable.Sorted()),
            OrphanAttachments = new(orphans.Count, orphans.Take(_input.Thresholds.ListLimit).ToList()),
            Rejections = new RejectionSection(rejections.Sum(r => r.Count), rejections),
            Trend = new TrendSection(Compare(summary, _input.Date.AddDays(-1)), Compare(summary, _input.Date.AddDays(-7))),
            Sample = new SampleSection(_seed, _sample.Sorted().Select(s => s.Call).ToList()),
        };
    }

    private IEnumerable<HealthIssue> WorkspaceIssues(IReadOnlyList<RejectionCount> rejections, int orphans)
    {
        var rejected = rejections.Sum(r => r.Count);
        if (rejected > 0)
        {
            var detail = string.Join(", ", rejections.Select(r => $"{r.Endpoint} {r.Reason}: {r.Count}"));
            yield return new(rejected >= _input.Thresholds.FailingRejectedDeliveries ? HealthVerdict.Failing : HealthVerdict.Degraded,
                "webhook-rejected", null,
                Invariant($"{rejected} webhook deliveries were rejected ({detail}); calls behind them may be missing from the log."));
        }

        if (orphans > 0)
        {
            yield return new(HealthVerdict.Degraded, "orphan-attachments", null,
                Invariant($"{orphans} recording or transcript file(s) arrived for calls that were never logged."));
        }
    }

    private TrendComparison Compare(HealthDaySummary today, DateOnly date)
    {
        var other = _input.PriorDays.FirstOrDefault(d => d.Date == date);
        if (other is null)
        {
            return new TrendComparison(date, false, null, null, null, null, null, null);
        }

        return new TrendComparison(date, true, other.TotalCalls, today.TotalCalls - other.TotalCalls,
            Difference(today.AnswerRate, other.AnswerRate), Difference(today.Completeness, other.Completeness),
            today.Missed + today.Failed - (other.Missed + other.Failed), other.Verdict);
    }

    private static double? Difference(double? a, double? b) =>
        a is { } x && b is { } y ? Math.Round(x - y, 4, MidpointRounding.AwayFromZero) : null;

    private bool IsStuck(ReportCall call) => call.Status switch
    {
        CallStatus.Ringing => call.StartedAt is { } s && _input.AsOf - s > _input.Thresholds.StuckRingingAfter,
        CallStatus.Answered => (call.AnsweredAt ?? call.StartedAt) is { } a && _input.AsOf - a > _input.Thresholds.StuckAnsweredAfter,
        _ => false,
    };

    // FNV-1a over the date seed and the call id: stable across processes and .NET versions, unlike string.GetHashCode.
    private ulong SampleHash(string callId)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in _seed)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        hash = (hash ^ '|') * 1099511628211UL;
        foreach (var c in callId)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash;
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
