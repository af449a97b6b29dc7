using Callaro.Core.Calls;
using Callaro.Core.Health;

namespace Callaro.Core.Tests.Health;

public class HealthReportBuilderTests
{
    private readonly HealthReport _report = KnownDay.Build(KnownDay.Calls());

    private CampaignReport Campaign(string id) => _report.Campaigns.Single(c => c.CampaignId == id);

    [Fact]
    public void TotalsCountEveryCallByStatusAndDirection()
    {
        var calls = _report.Calls;
        Assert.Equal(23, calls.Total);
        Assert.Equal(new StatusCounts(Ringing: 1, Answered: 1, Completed: 19, Missed: 1, Failed: 1), calls.ByStatus);
        Assert.Equal(new DirectionCounts(Incoming: 12, Outgoing: 10, Internal: 0, Unknown: 1), calls.ByDirection);
        Assert.Equal(0.9091, calls.AnswerRate); // 20 answered of 22 that stopped ringing
        Assert.Equal(8 * 120 + 11 * 60, calls.TotalTalkSeconds);
        Assert.Equal(81.0, calls.AverageTalkSeconds);
    }

    [Fact]
    public void TalkTimeIsTheDurationTheProviderReported()
    {
        // Webhook send times say 54 s; Twilio's CallDuration (its console and bill) says 2,632 s.
        CallEvent Ev(string id, CallEventType type, DateTimeOffset at) => new() { EventId = id, Type = type, OccurredAt = at, CallId = "D1", WorkspaceId = "acme", Source = "twilio" };
        var record = CallRecord.Fold([
            Ev("r", CallEventType.Ringing, KnownDay.At(9, 0)),
            Ev("a", CallEventType.Answered, KnownDay.At(9, 0).AddSeconds(6)),
            Ev("c", CallEventType.Completed, KnownDay.At(9, 1)) with { DurationSeconds = 2632 },
        ]);
        var report = KnownDay.Build([CallRecordReportMapping.ToReportCall(record)]);
        Assert.Equal((2632L, 2632.0), (report.Calls.TotalTalkSeconds, report.Calls.AverageTalkSeconds));
    }

    [Fact]
    public void ADayOfPlainCallsWithNothingEnabledIsHealthy()
    {
        // Calls without a campaign expect nothing beyond the call itself: no report, recording or CRM gap to cry about.
        var calls = Enumerable.Range(0, 40).Select(i => new ReportCall
        {
            CallId = $"P{i}", Status = i % 10 == 0 ? CallStatus.Missed : CallStatus.Completed, Direction = CallDirection.Incoming,
            StartedAt = KnownDay.At(9, i), AnsweredAt = i % 10 == 0 ? null : KnownDay.At(9, i), EndedAt = KnownDay.At(10, i), TalkSeconds = i % 10 == 0 ? 0 : 60,
        });
        var report = KnownDay.Build(calls, KnownDay.Input() with { Campaigns = new Dictionary<string, CampaignHealthSettings>(), Rejections = [], Orphans = [] });
        Assert.Equal((HealthVerdict.Healthy, 0), (report.Verdict, report.Issues.Count));
        Assert.False(report.Campaigns.Single().Completeness.OutcomeAndSummary.Enabled);
    }

    [Fact]
    public void CallsPerHourAreCountedByStatusInTheLocalHour()
    {
        var hours = _report.Calls.PerHour;
        Assert.Equal(24, hours.Count);
        Assert.Equal(new StatusCounts(0, 0, 8, 1, 1), hours[9].Calls);
        Assert.Equal(new StatusCounts(0, 0, 9, 0, 0), hours[10].Calls);
        Assert.Equal(new StatusCounts(0, 0, 1, 0, 0), hours[11].Calls);
        Assert.Equal(new StatusCounts(0, 1, 0, 0, 0), hours[14].Calls);
        Assert.Equal(new StatusCounts(1, 0, 0, 0, 0), hours[20].Calls);
        Assert.Equal(new StatusCounts(0, 0, 1, 0, 0), hours[22].Calls);
        Assert.Equal(23, hours.Sum(h => h.Calls.Total));
    }

    [Fact]
    public void MissedAndFailedAreListedEarliestFirstWithLinks()
    {
        var alerts = _report.Alerts;
        Assert.Equal(1, alerts.Missed);
        Assert.Equal(1, alerts.Failed);
        Assert.Equal("/api/log?workspace=acme&date=2025-03-10&view=alerts", alerts.AlertViewLink);
        Assert.Equal(["S9", "S10"], alerts.Calls.Items.Select(c => c.CallId));
        Assert.Equal("/api/log/calls/S9?workspace=acme", alerts.Calls.Items[0].Link);
        Assert.Equal(0, alerts.Calls.NotListed);
    }

    [Fact]
    public void CompletenessIsCountedOnlyForEnabledFeatures()
    {
        var sales = Campaign("sales").Completeness;
        Assert.Equal(new CompletenessCheck(true, 8, 8, 0, 0, 0), sales.OutcomeAndSummary);
        Assert.Equal(new CompletenessCheck(true, 8, 8, 0, 0, 0), sales.Transcript);
        Assert.Equal(new CompletenessCheck(true, 8, 8, 0, 0, 0), sales.Recording);
        Assert.Equal(new CompletenessCheck(true, 8, 7, 0, 1, 0), sales.CrmActivity); // the failed sync is not CRM activity logged
        Assert.Equal(new CompletenessCheck(true, 8, 7, 0, 1, 0), sales.ExpectedFields);
        Assert.Equal([new FieldGap("budget", 1)], Campaign("sales").ExpectedFieldGaps);

        var support = Campaign("support").Completeness;
        Assert.Equal(new CompletenessCheck(true, 11, 11, 0, 0, 0), support.OutcomeAndSummary);
        Assert.Equal(new CompletenessCheck(true, 11, 5, Pending: 1, Missing: 4, Unreadable: 1), support.Transcript);
        Assert.Equal(new CompletenessCheck(false, 0, 0, 0, 0, 0), support.Recording);
        Assert.Equal(new CompletenessCheck(false, 0, 0, 0, 0, 0), support.CrmActivity);
        Assert.Equal(new CompletenessCheck(false, 0, 0, 0, 0, 0), support.ExpectedFields);
    }

    [Fact]
    public void CrmDisagreementsAreClassified()
    {
        Assert.Equal(new ConsistencyCounts(Checked: 8, Consistent: 5, MappingProblem: 1, DownstreamOverwrite: 1, SyncFailed: 1, NoOutcome: 0),
            Campaign("sales").Consistency);
        var findings = _report.ConsistencyFindings.Items.Select(f => (f.Call.CallId, f.Kind, string.Join(",", f.Fields)));
        Assert.Equal([
            ("S5", ConsistencyKind.MappingProblem, "outcome"),
            ("S7", ConsistencyKind.DownstreamOverwrite, "outcome"),
            ("S8", ConsistencyKind.SyncFailed, "401 token expired"),
        ], findings);
    }

    [Fact]
    public void AFieldTheCrmOwnsMayDifferWithoutBeingAnOverwrite()
    {
        Assert.DoesNotContain(_report.ConsistencyFindings.Items, f => f.Call.CallId == "S4");
    }

    [Fact]
    public void CallsWithoutAnOutcomeButWithCrmActivityAreAClassificationProblem()
    {
        var call = KnownDay.Calls().First(c => c.CallId == "S1") with { Outcome = null };
        var report = KnownDay.Build([call]);
        Assert.Equal(ConsistencyKind.NoOutcome, Assert.Single(report.ConsistencyFindings.Items).Kind);
        Assert.Contains(report.Issues, i => i.Code == "crm-no-outcome");
    }

    [Fact]
    public void TimelinessGivesMedianAndP95FromCallEnd()
    {
        var sales = Campaign("sales").Timeliness;
        Assert.Equal(new DelayStats(8, 240, 480), sales.Transcript);
        Assert.Equal(new DelayStats(8, 120, 120), sales.Recording);
        Assert.Equal(new DelayStats(8, 60, 60), sales.CrmActivity);
        Assert.Equal(new DelayStats(5, 600, 600), Campaign("support").Timeliness.Transcript);
        Assert.Equal(new DelayStats(0, null, null), Campaign("support").Timeliness.Recording);
    }

    [Fact]
    public void StuckUnreadableOrphanedAndRejectedAreReported()
    {
        Assert.Equal(["P11", "N1"], _report.StuckCalls.Items.Select(c => c.CallId));
        Assert.Equal(2, _report.StuckCalls.Count);
        var unreadable = Assert.Single(_report.UnreadableTranscripts.Items);
        Assert.Equal(("P12", "invalid JSON at line 1"), (unreadable.Call.CallId, unreadable.Reason));
        Assert.Equal("recordings/acme/ghost.mp3", Assert.Single(_report.OrphanAttachments.Items).BlobName);
        Assert.Equal(5, _report.Rejections.Total);
        Assert.Equal([new RejectionCount("callaro", "validation", 2), new RejectionCount("twilio", "signature", 3)], _report.Rejections.ByEndpointAndReason);
    }

    [Fact]
    public void RepeatedGapsAreRaisedOnceAndDecideTheVerdicts()
    {
        Assert.Equal(HealthVerdict.Failing, _report.Verdict);
        Assert.Equal(HealthVerdict.Degraded, Campaign("sales").Verdict);
        Assert.Equal(HealthVerdict.Failing, Campaign("support").Verdict);
        Assert.Equal(HealthVerdict.Degraded, Campaign("").Verdict);
        Assert.Equal([
            (HealthVerdict.Failing, "transcript-missing", "support"),
            (HealthVerdict.Degraded, "orphan-attachments", null),
            (HealthVerdict.Degraded, "stuck-calls", ""),
            (HealthVerdict.Degraded, "webhook-rejected", null),
            (HealthVerdict.Degraded, "crm-mapping", "sales"),
            (HealthVerdict.Degraded, "crm-missing", "sales"),
            (HealthVerdict.Degraded, "crm-overwrite", "sales"),
            (HealthVerdict.Degraded, "crm-sync-failed", "sales"),
            (HealthVerdict.Degraded, "fields-missing", "sales"),
            (HealthVerdict.Degraded, "stuck-calls", "support"),
            (HealthVerdict.Degraded, "transcript-unreadable", "support"),
        ], _report.Issues.Select(i => (i.Severity, i.Code, i.CampaignId)));
        Assert.Equal("Transcripts missing for 4 of 11 completed calls in campaign support (1 more still within their grace period).",
            _report.Issues[0].Message);
        Assert.Equal("5 webhook deliveries were rejected (callaro validation: 2, twilio signature: 3); calls behind them may be missing from the log.",
            _report.Issues.Single(i => i.Code == "webhook-rejected").Message);
    }

    [Fact]
    public void TheSameCallsInAnyOrderGiveByteIdenticalJson()
    {
        var shuffled = KnownDay.Calls().OrderBy(c => c.CallId.GetHashCode(StringComparison.Ordinal)).Reverse().ToList();
        Assert.Equal(HealthReportJson.Serialize(_report), HealthReportJson.Serialize(KnownDay.Build(shuffled)));
    }

    [Fact]
    public void TheSampleIsDeterministicSeededByTheDateAndBounded()
    {
        Assert.Equal("2025-03-10", _report.Sample.Seed);
        Assert.Equal(10, _report.Sample.Calls.Count);
        Assert.Equal(10, _report.Sample.Calls.Select(c => c.Call.CallId).Distinct().Count());
        var nextDay = KnownDay.Build(KnownDay.Calls(), KnownDay.Input() with { Date = KnownDay.Date.AddDays(1) });
        Assert.NotEqual(_report.Sample.Calls.Select(c => c.Call.CallId), nextDay.Sample.Calls.Select(c => c.Call.CallId));
    }

    [Fact]
    public void AnEmptyDayAfterBusyDaysIsFlagged()
    {
        var prior = new[] { new HealthDaySummary { Date = KnownDay.Date.AddDays(-1), Verdict = HealthVerdict.Healthy, TotalCalls = 412 } };
        var report = KnownDay.Build([], KnownDay.Input(prior) with { Rejections = [], Orphans = [] });
        Assert.Equal(HealthVerdict.Failing, report.Verdict);
        Assert.Equal("No calls logged — check the telephony integration before assuming there were no calls.", report.NoCallsWarning);
        Assert.Equal("no-calls", Assert.Single(report.Issues).Code);
        Assert.Equal(-412, report.Trend.PreviousDay.CallsChange);
    }

    [Fact]
    public void AnEmptyDayWithoutEarlierTrafficIsNotAnAlarm()
    {
        var report = KnownDay.Build([], KnownDay.Input() with { Rejections = [], Orphans = [] });
        Assert.Equal(HealthVerdict.Healthy, report.Verdict);
        Assert.Null(report.NoCallsWarning);
    }

    [Fact]
    public void TrendComparesWithThePreviousDayAndTheSameWeekdayLastWeek()
    {
        var prior = new[]
        {
            new HealthDaySummary { Date = KnownDay.Date.AddDays(-1), Verdict = HealthVerdict.Healthy, TotalCalls = 20, Missed = 1, Failed = 0, AnswerRate = 0.95, Completeness = 1.0 },
            new HealthDaySummary { Date = KnownDay.Date.AddDays(-7), Verdict = HealthVerdict.Degraded, TotalCalls = 30, Missed = 3, Failed = 3, AnswerRate = 0.8, Completeness = 0.9 },
        };
        var report = KnownDay.Build(KnownDay.Calls(), KnownDay.Input(prior));
        var summary = report.ToSummary();
        Assert.Equal(0.871, summary.Completeness); // sales: 38 of 5 checks x 8; support: 16 of 2 checks x 11; 54 of 62
        var previous = report.Trend.PreviousDay;
        Assert.Equal((true, 20L, 3L, -0.0409, 1L, HealthVerdict.Healthy), (previous.Available, previous.TotalCalls, previous.CallsChange, previous.AnswerRateChange, previous.MissedAndFailedChange, previous.Verdict));
        Assert.Equal(Math.Round(summary.Completeness!.Value - 1.0, 4), previous.CompletenessChange);
        var lastWeek = report.Trend.SameWeekdayLastWeek;
        Assert.Equal((new DateOnly(2025, 3, 3), -7L, 0.1091, -4L), (lastWeek.Date, lastWeek.CallsChange, lastWeek.AnswerRateChange, lastWeek.MissedAndFailedChange));
    }

    [Fact]
    public void ListsAreCappedButCountsStayExact()
    {
        var input = KnownDay.Input() with { Thresholds = new HealthThresholds { ListLimit = 1, SampleSize = 3 } };
        var report = KnownDay.Build(KnownDay.Calls(), input);
        Assert.Equal((2L, 1, 1L), (report.Alerts.Calls.Count, report.Alerts.Calls.Items.Count, report.Alerts.Calls.NotListed));
        Assert.Equal("S9", report.Alerts.Calls.Items[0].CallId);
        Assert.Equal(3, report.Sample.Calls.Count);
        Assert.Equal(3, report.ConsistencyFindings.Count);
    }

    [Fact]
    public void HoursFollowTheWorkspaceTimeZone()
    {
        var auckland = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");
        var input = KnownDay.Input() with { TimeZone = auckland, Rejections = [], Orphans = [] };
        // 2025-03-09 20:30 UTC is 09:30 on 10 March in Auckland (UTC+13 in March).
        var call = new ReportCall { CallId = "A1", Status = CallStatus.Missed, StartedAt = new DateTimeOffset(2025, 3, 9, 20, 30, 0, TimeSpan.Zero) };
        var report = KnownDay.Build([call], input);
        Assert.Equal(1, report.Calls.PerHour[9].Calls.Missed);
        Assert.Equal(new DateTimeOffset(2025, 3, 9, 11, 0, 0, TimeSpan.Zero), report.From);
    }
}
