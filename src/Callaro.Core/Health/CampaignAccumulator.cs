using Callaro.Core.Calls;

namespace Callaro.Core.Health;

/// <summary>One campaign's running counts.</summary>
internal sealed class CampaignAccumulator(string campaignId, CampaignHealthSettings settings)
{
    private readonly CallTotalsAccumulator _totals = new();
    private readonly CompletenessAccumulator _outcome = new(settings.LoggingEnabled);
    private readonly CompletenessAccumulator _transcript = new(settings.TranscriptionEnabled);
    private readonly CompletenessAccumulator _recording = new(settings.RecordingEnabled);
    private readonly CompletenessAccumulator _crm = new(settings.CrmConnected);
    private readonly CompletenessAccumulator _fields = new(settings.LoggingEnabled && settings.ExpectedFields.Count > 0);
    private readonly long[] _fieldGaps = new long[settings.ExpectedFields.Count];
    private readonly long[] _consistency = new long[4];
    private long _checked;
    private readonly DelayHistogram _transcriptDelay = new();
    private readonly DelayHistogram _recordingDelay = new();
    private readonly DelayHistogram _crmDelay = new();

    public long Stuck { get; set; }

    public void Add(ReportCall call, HealthReportInput input, CallRef reference, Action<ConsistencyFinding> finding)
    {
        _totals.Add(call, input.TimeZone);
        var ended = call.EndedAt ?? call.StartedAt;
        Measure(_transcriptDelay, ended, call.Transcript.State == ReportAttachmentState.Available ? call.Transcript.At : null);
        Measure(_recordingDelay, ended, call.Recording.State == ReportAttachmentState.Available ? call.Recording.At : null);
        Measure(_crmDelay, ended, call.Crm?.At);
        if (call.Status != CallStatus.Completed)
        {
            // Completeness and consistency are about conversations that happened.
            return;
        }

        bool WithinGrace(TimeSpan grace) => ended is { } e && input.AsOf < e + grace;

        if (_outcome.Enabled)
        {
            if (!string.IsNullOrWhiteSpace(call.Outcome) && call.HasSummary) { _outcome.Logged(); }
            else { _outcome.Absent(WithinGrace(settings.OutcomeGrace)); }
        }

        if (_transcript.Enabled)
        {
            switch (call.Transcript.State)
            {
                case ReportAttachmentState.Available: _transcript.Logged(); break;
                case ReportAttachmentState.Unreadable: _transcript.Unreadable(); break;
                default: _transcript.Absent(WithinGrace(settings.TranscriptGrace)); break;
            }
        }

        if (_recording.Enabled)
        {
            if (call.Recording.State == ReportAttachmentState.None) { _recording.Absent(WithinGrace(settings.RecordingGrace)); }
            else { _recording.Logged(); }
        }

        if (_crm.Enabled)
        {
            // As on the call detail (AttachmentStates): CRM activity is logged once a write succeeded.
            if (call.Crm is { Succeeded: true }) { _crm.Logged(); }
            else { _crm.Absent(WithinGrace(settings.CrmGrace)); }
        }

        if (_fields.Enabled)
        {
            CountFields(call, WithinGrace(settings.OutcomeGrace));
        }

        if (call.Crm is { } crm)
        {
            _checked++;
            if (Classify(call, crm) is { } problem)
            {
                _consistency[(int)problem.Kind]++;
                finding(new ConsistencyFinding(reference, problem.Kind, problem.Fields));
            }
        }
    }

    private void CountFields(ReportCall call, bool withinGrace)
    {
        var complete = true;
        for (var i = 0; i < settings.ExpectedFields.Count; i++)
        {
            if (call.Fields is null || !call.Fields.TryGetValue(settings.ExpectedFields[i], out var value) || string.IsNullOrWhiteSpace(value))
            {
                complete = false;
                if (!withinGrace)
                {
                    _fieldGaps[i]++;
                }
            }
        }

        if (complete) { _fields.Logged(); }
        else { _fields.Absent(withinGrace); }
    }

    private (ConsistencyKind Kind, IReadOnlyList<string> Fields)? Classify(ReportCall call, ReportCrmActivity crm)
    {
        if (!crm.Succeeded)
        {
            return (ConsistencyKind.SyncFailed, crm.Error is null ? [] : [crm.Error]);
        }

        if (string.IsNullOrWhiteSpace(call.Outcome))
        {
            return (ConsistencyKind.NoOutcome, []);
        }

        var sent = crm.Sent ?? new Dictionary<string, string>();
        var mapping = sent
            .Where(s => Logged(call, s.Key) is { } logged && !string.Equals(logged, s.Value, StringComparison.Ordinal))
            .Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        if (mapping.Count > 0)
        {
            return (ConsistencyKind.MappingProblem, mapping);
        }

        var overwritten = (crm.Observed ?? new Dictionary<string, string>())
            .Where(o => !settings.CrmOwnedFields.Contains(o.Key)
                        && sent.TryGetValue(o.Key, out var value) && !string.Equals(value, o.Value, StringComparison.Ordinal))
            .Select(o => o.Key).Order(StringComparer.Ordinal).ToList();
        return overwritten.Count > 0 ? (ConsistencyKind.DownstreamOverwrite, overwritten) : null;
    }

    private static string? Logged(ReportCall call, string field) =>
        field == "outcome" ? call.Outcome : call.Fields?.GetValueOrDefault(field);

    private static void Measure(DelayHistogram histogram, DateTimeOffset? ended, DateTimeOffset? arrived)
    {
        if (ended is { } e && arrived is { } a)
        {
            histogram.Add(a - e);
        }
    }

    public CampaignReport ToReport(HealthThresholds thresholds)
    {
        var completeness = new CompletenessSection(_outcome.ToCheck(), _transcript.ToCheck(), _recording.ToCheck(), _crm.ToCheck(), _fields.ToCheck());
        var consistency = new ConsistencyCounts(_checked, _checked - _consistency.Sum(), _consistency[0], _consistency[1], _consistency[2], _consistency[3]);
        var issues = CampaignIssues.For(campaignId, completeness, settings, _fieldGaps, consistency, Stuck, thresholds);
        return new CampaignReport
        {
            CampaignId = campaignId,
            Verdict = issues.Count == 0 ? HealthVerdict.Healthy : issues.Max(i => i.Severity),
            Issues = issues,
            Calls = _totals.ToTotals(),
            Completeness = completeness,
            ExpectedFieldGaps = settings.ExpectedFields.Select((f, i) => new FieldGap(f, _fieldGaps[i])).ToList(),
            Consistency = consistency,
            Timeliness = new TimelinessSection(_transcriptDelay.ToStats(), _recordingDelay.ToStats(), _crmDelay.ToStats()),
            Stuck = Stuck,
        };
    }
}
