using Callaro.Core.Calls;
using FsCheck;
using FsCheck.Fluent;

namespace Callaro.Core.Tests.Calls;

public class CallConvergenceProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(400);
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    /// <summary>The record entity (full state), log row, alert row, number rows and deal row, as stored.</summary>
    private static string Stored(CallRecord record, TimeZoneInfo tz)
    {
        var p = CallProjection.Of(record, tz);
        return string.Join("\n", new[] { p.Record }.Concat(p.Rows).Append(p.DealRow).Select(r => r?.Canonical() ?? "<no deal row>"));
    }

    [Fact]
    public void EveryDeliveryOrderWithDuplicatesStoresTheSameRecordLogRowAndAlertRow()
    {
        Prop.ForAll(CallEventGenerators.TwoDeliveryOrders.ToArbitrary(), t =>
        {
            var first = CallRecord.Fold(t.First);
            var second = CallRecord.Fold(t.Second);
            return Stored(first, TimeZoneInfo.Utc) == Stored(second, TimeZoneInfo.Utc)
                && Stored(first, NewYork) == Stored(second, NewYork);
        }).Check(Config);
    }

    [Fact]
    public void DuplicatesAreCountedOnceAndHistoryIsCanonicalDistinctAndCapped()
    {
        Prop.ForAll(CallEventGenerators.TwoDeliveryOrders.ToArbitrary(), t =>
        {
            var record = CallRecord.Fold(t.First);
            var history = record.History;
            var canonical = history.OrderBy(h => h.OccurredAt.UtcTicks).ThenBy(h => h.Sequence ?? -1).ThenBy(h => h.EventId, StringComparer.Ordinal);
            return record.EventCount == t.Events.Length
                && history.Count == Math.Min(t.Events.Length, CallRecord.HistoryLimit)
                && history.Select(h => h.EventId).Distinct().Count() == history.Count
                && history.SequenceEqual(canonical)
                && t.Events.All(e => record.HasApplied(e.EventId));
        }).Check(Config);
    }

    [Fact]
    public void MergingTwoPartialRecordsEqualsFoldingAllTheirEvents()
    {
        // What repairs an interrupted partition move: the state left behind joins the state moved ahead.
        var gen = from events in CallEventGenerators.EventSet
                  from left in Gen.SubListOf(events)
                  from right in Gen.SubListOf(events)
                  select (events, left, right);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var all = t.left.Concat(t.right).ToList();
            if (t.left.Count == 0 || t.right.Count == 0) return true;
            var merged = CallRecord.Fold(t.left).Merge(CallRecord.Fold(t.right));
            return Stored(merged, TimeZoneInfo.Utc) == Stored(CallRecord.Fold(all), TimeZoneInfo.Utc);
        }).Check(Config);
    }

    [Fact]
    public void StoredStateReadsBackToTheSameRecord()
    {
        Prop.ForAll(CallEventGenerators.TwoDeliveryOrders.ToArbitrary(), t =>
        {
            var record = CallRecord.Fold(t.First);
            var row = CallProjection.Of(record, NewYork).Record;
            var readBack = CallProjection.ReadRecord(key => row.Properties.GetValueOrDefault(key));
            return Stored(readBack, NewYork) == Stored(record, NewYork);
        }).Check(Config);
    }

    [Fact]
    public void ACompletedCallShowsTheLargestReportedDurationInEveryOrderAndDerivesOneOnlyWhenNoneWasReported()
    {
        Prop.ForAll(CallEventGenerators.TwoDeliveryOrders.ToArbitrary(), t =>
        {
            var first = CallRecord.Fold(t.First);
            var second = CallRecord.Fold(t.Second);
            if (first.Status != CallStatus.Completed) return first.DurationSeconds == 0 && second.DurationSeconds == 0;
            var reported = t.Events.Where(e => e.DurationSeconds is not null).Select(e => e.DurationSeconds!.Value).ToList();
            var expected = reported.Count > 0 ? reported.Max()
                : first.AnsweredAt is { } a && first.EndedAt is { } end ? (int)Math.Max(0, Math.Round((end - a).TotalSeconds, MidpointRounding.AwayFromZero))
                : 0;
            return first.DurationSeconds == expected && second.DurationSeconds == expected;
        }).Check(Config);
    }

    [Fact]
    public void StatusIsAlwaysOneOfTheFiveAndAlertRowsExistExactlyForMissedAndFailed()
    {
        Prop.ForAll(CallEventGenerators.EventSet.ToArbitrary(), events =>
        {
            var record = CallRecord.Fold(events);
            var rows = CallProjection.Of(record, TimeZoneInfo.Utc).Rows;
            var hasStatusEvent = events.Any(e => e.Type <= CallEventType.Failed);
            var alertRows = rows.Count(r => r.RowKey.StartsWith(CallTableKeys.AlertPrefix, StringComparison.Ordinal));
            return (record.Status is not null) == hasStatusEvent
                && alertRows == (record.IsAlert ? 1 : 0)
                && (record.IsAlert ? record.DurationSeconds == 0 : true)
                && record.StartedAt == (events.Any(e => e.StartedAt is not null) ? events.Min(e => e.StartedAt)!.Value : events.Min(e => e.OccurredAt));
        }).Check(Config);
    }
}
