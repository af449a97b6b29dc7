namespace Callaro.Core.Health;

/// <summary>Turns a campaign's counts into issues: one per repeated gap, never one per call.</summary>
internal static class CampaignIssues
{
    public static List<HealthIssue> For(string campaignId, CompletenessSection completeness, CampaignHealthSettings settings,
        long[] fieldGaps, ConsistencyCounts consistency, long stuck, HealthThresholds thresholds)
    {
        var where = campaignId.Length == 0 ? "calls without a campaign" : $"campaign {campaignId}";
        var issues = new List<HealthIssue>();

        void Gap(string code, string what, string state, long count, long of, long pending)
        {
            if (count == 0)
            {
                return;
            }
            var rate = (double)count / of;
            if (rate < thresholds.DegradedGapRate)
            {
                return;
            }
            var severity = rate >= thresholds.FailingGapRate ? HealthVerdict.Failing : HealthVerdict.Degraded;
            var later = pending > 0 ? HealthReportBuilder.Invariant($" ({pending} more still within their grace period)") : "";
            issues.Add(new(severity, code, campaignId, HealthReportBuilder.Invariant($"{what} {state} for {count} of {of} completed calls in {where}{later}.")));
        }

        var o = completeness.OutcomeAndSummary;
        Gap("outcome-missing", "Outcome and summary", "missing", o.Missing, o.Eligible, o.Pending);
        var t = completeness.Transcript;
        Gap("transcript-missing", "Transcripts", "missing", t.Missing, t.Eligible, t.Pending);
        Gap("transcript-unreadable", "Transcripts", "unreadable", t.Unreadable, t.Eligible, 0);
        var r = completeness.Recording;
        Gap("recording-missing", "Recordings", "missing", r.Missing, r.Eligible, r.Pending);
        var c = completeness.CrmActivity;
        Gap("crm-missing", "CRM activity", "missing", c.Missing, c.Eligible, c.Pending);
        var f = completeness.ExpectedFields;
        if (f.Missing > 0)
        {
            var lacking = string.Join(", ", settings.ExpectedFields.Select((name, i) => (name, gap: fieldGaps[i]))
                .Where(x => x.gap > 0).Select(x => HealthReportBuilder.Invariant($"{x.name} {x.gap}")));
            Gap("fields-missing", $"Expected fields ({lacking})", "missing", f.Missing, f.Eligible, f.Pending);
        }

        void Consistency(string code, string text, long count)
        {
            if (count == 0)
            {
                return;
            }
            // Any disagreement with the CRM means someone works from a wrong record: never below degraded.
            var severity = (double)count / consistency.Checked >= thresholds.FailingGapRate ? HealthVerdict.Failing : HealthVerdict.Degraded;
            issues.Add(new(severity, code, campaignId, HealthReportBuilder.Invariant($"{text} for {count} of {consistency.Checked} calls with CRM activity in {where}.")));
        }

        Consistency("crm-mapping", "What Callaro sent to the CRM differs from the logged outcome", consistency.MappingProblem);
        Consistency("crm-overwrite", "The CRM no longer holds what Callaro sent (overwritten downstream)", consistency.DownstreamOverwrite);
        Consistency("crm-sync-failed", "CRM sync failed", consistency.SyncFailed);
        Consistency("crm-no-outcome", "No outcome was logged to compare with the CRM", consistency.NoOutcome);

        if (stuck > 0)
        {
            issues.Add(new(HealthVerdict.Degraded, "stuck-calls", campaignId,
                HealthReportBuilder.Invariant($"{stuck} call(s) in {where} still ringing or answered long after they must have ended: their final status never arrived.")));
        }
        return issues;
    }
}
