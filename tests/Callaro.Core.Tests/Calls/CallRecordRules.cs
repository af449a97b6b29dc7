using Callaro.Core.Calls;

namespace Callaro.Core.Tests.Calls;

public class CallRecordRules
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 9, 0, 0, TimeSpan.Zero);

    private static CallEvent Ev(string id, CallEventType type, int atSeconds, string source = "callaro") => new()
    {
        EventId = id, Type = type, OccurredAt = T0.AddSeconds(atSeconds), CallId = "C1", Source = source,
    };

    private static CallEvent Transcript(string id, int lastModifiedSeconds, AttachedBlobState state, string etag) =>
        Ev(id, CallEventType.TranscriptAttached, lastModifiedSeconds, "blob") with
        {
            Attachment = new AttachedBlob(state, T0.AddSeconds(lastModifiedSeconds + 5), "transcripts", "C1.json", etag,
                UnreadableReason: state == AttachedBlobState.Unreadable ? "The JSON is malformed." : null),
        };

    [Fact]
    public void TheNewestTranscriptVersionWinsWhicheverArrivesLast()
    {
        var older = Transcript("v1", 60, AttachedBlobState.Unreadable, "e1");
        var newer = Transcript("v2", 90, AttachedBlobState.Available, "e2");
        foreach (var order in new[] { new[] { older, newer }, [newer, older] })
        {
            var r = CallRecord.Fold([Ev("1", CallEventType.Completed, 30), .. order]);
            Assert.Equal(("e2", AttachedBlobState.Available, true), (r.AttachedTranscript!.ETag, r.AttachedTranscript.State, r.HasTranscript));
        }
    }

    [Fact]
    public void AnUnreadableTranscriptIsKeptAsUnreadableWithItsReasonAndIsNotOfferedInTheList()
    {
        var r = CallRecord.Fold([Ev("1", CallEventType.Completed, 30), Transcript("v1", 60, AttachedBlobState.Unreadable, "e1")]);
        Assert.Equal((AttachedBlobState.Unreadable, "The JSON is malformed."), (r.AttachedTranscript!.State, r.AttachedTranscript.UnreadableReason));
        Assert.False(r.HasTranscript);
    }

    [Fact]
    public void ABlobAttachmentAloneGivesNoStatusAndDoesNotNameTheProvider()
    {
        var r = CallRecord.Fold([Ev("r", CallEventType.RecordingAttached, 0, "blob") with
        {
            Attachment = new AttachedBlob(AttachedBlobState.Available, T0, "recordings", "C1.wav", "e1"),
        }]);
        Assert.Null(r.Status);
        Assert.True(r.HasRecording);
        Assert.Null(r.Source);
        Assert.Equal("twilio", r.Apply(Ev("1", CallEventType.Ringing, 10, "twilio")).Source);
    }

    [Fact]
    public void AnAnsweredCallThatEndsIsCompletedWithAnswerToEndDuration()
    {
        var r = CallRecord.Fold([Ev("1", CallEventType.Ringing, 0), Ev("2", CallEventType.Answered, 10), Ev("3", CallEventType.Completed, 130)]);
        Assert.Equal(CallStatus.Completed, r.Status);
        Assert.Equal(120, r.DurationSeconds);
        Assert.Equal(T0, r.StartedAt);
    }

    [Fact]
    public void TheProviderReportedDurationWinsOverWebhookTimestamps()
    {
        // Send times drift from the provider's own measurement: the log must show what its console shows.
        var r = CallRecord.Fold([Ev("1", CallEventType.Ringing, 0), Ev("2", CallEventType.Answered, 10), Ev("3", CallEventType.Completed, 64) with { DurationSeconds = 2632 }]);
        Assert.Equal(2632, r.DurationSeconds);
    }

    [Fact]
    public void ACdrStyleCompletedEventShowsItsReportedDuration()
    {
        var cdr = Ev("1", CallEventType.Completed, 300) with { StartedAt = T0, AnsweredAt = T0.AddSeconds(300), EndedAt = T0.AddSeconds(300), DurationSeconds = 240 };
        Assert.Equal(240, CallRecord.Fold([cdr]).DurationSeconds);
    }

    [Fact]
    public void AMissedCallHasNoConversationTimeEvenWhenADurationWasReported()
    {
        var r = CallRecord.Fold([Ev("1", CallEventType.Ringing, 0), Ev("2", CallEventType.Missed, 30), Ev("3", CallEventType.Completed, 31) with { DurationSeconds = 0 }]);
        Assert.Equal((CallStatus.Missed, 0), (r.Status, r.DurationSeconds));
    }

    [Fact]
    public void ARingingEventArrivingLateDoesNotTurnAnAnsweredCallBackToRinging()
    {
        var r = CallRecord.Fold([Ev("2", CallEventType.Answered, 10), Ev("9", CallEventType.Ringing, 20) with { Sequence = 7 }]);
        Assert.Equal(CallStatus.Answered, r.Status);
    }

    [Fact]
    public void CompletedWithoutAnyAnswerDoesNotHideAMissedCall()
    {
        // Vonage: ringing, unanswered, then completed for the signalling leg.
        var r = CallRecord.Fold([
            Ev("1", CallEventType.Ringing, 0, "vonage"),
            Ev("2", CallEventType.Missed, 30, "vonage") with { ProviderStatus = "unanswered" },
            Ev("3", CallEventType.Completed, 31, "vonage") with { ProviderStatus = "completed" }]);
        Assert.Equal(CallStatus.Missed, r.Status);
        Assert.Equal("unanswered", r.ProviderStatus);
        Assert.Equal(0, r.DurationSeconds);
        Assert.True(r.IsAlert);
    }

    [Fact]
    public void WhenTheCallWasAnsweredTheLatestTerminalEventDecides()
    {
        // A child leg that failed early does not overrule the parent's completion.
        var r = CallRecord.Fold([
            Ev("1", CallEventType.Answered, 5, "twilio"),
            Ev("2", CallEventType.Failed, 20, "twilio") with { FailureReason = "486" },
            Ev("3", CallEventType.Completed, 90, "twilio")]);
        Assert.Equal(CallStatus.Completed, r.Status);
        Assert.Null(r.FailureReason);
    }

    [Fact]
    public void SimultaneousTerminalEventsResolveToTheMoreAlarmingStatus()
    {
        var r = CallRecord.Fold([
            Ev("1", CallEventType.Answered, 5),
            Ev("a", CallEventType.Completed, 60),
            Ev("b", CallEventType.Missed, 60),
            Ev("c", CallEventType.Failed, 60) with { FailureReason = "503" }]);
        Assert.Equal(CallStatus.Failed, r.Status);
        Assert.Equal("503", r.FailureReason);
    }

    [Fact]
    public void WhoCalledWhomComesFromTheEarliestEventSoChildLegsDoNotRewriteIt()
    {
        var r = CallRecord.Fold([
            Ev("child", CallEventType.Ringing, 8, "twilio") with { Caller = "+14155550100", Callee = "201", Sequence = 0 },
            Ev("parent", CallEventType.Ringing, 0, "twilio") with { Caller = "+442071838750", Callee = "+14155550100", Direction = CallDirection.Incoming, Sequence = 0 }]);
        Assert.Equal("+442071838750", r.Caller);
        Assert.Equal("+14155550100", r.Callee);
        Assert.Equal(CallDirection.Incoming, r.Direction);
    }

    [Fact]
    public void AnExplicitStartEarlierThanAnyEventMovesTheStart()
    {
        var r = CallRecord.Fold([Ev("1", CallEventType.Answered, 100), Ev("2", CallEventType.Completed, 200) with { StartedAt = T0.AddSeconds(-5) }]);
        Assert.Equal(T0.AddSeconds(-5), r.StartedAt);
    }

    [Fact]
    public void ADuplicateOnlyLowersTheRecordedReceivedAt()
    {
        var e = Ev("1", CallEventType.Ringing, 0) with { ReceivedAt = T0.AddSeconds(9) };
        var once = CallRecord.Fold([e]);
        var twice = once.Apply(e with { ReceivedAt = T0.AddSeconds(3), Caller = "+1999" });
        Assert.Equal(1, twice.EventCount);
        Assert.Null(twice.Caller);
        Assert.Equal(T0.AddSeconds(3), twice.History.Single().ReceivedAt);
    }

    [Fact]
    public void HistoryKeepsTheCanonicalFirstEntriesAndCountsEveryEvent()
    {
        var events = Enumerable.Range(0, 70).Select(i => Ev($"e{i:D2}", CallEventType.Ringing, i)).Reverse().ToList();
        var r = CallRecord.Fold(events);
        Assert.Equal(70, r.EventCount);
        Assert.Equal(CallRecord.HistoryLimit, r.History.Count);
        Assert.Equal("e00", r.History[0].EventId);
        Assert.Equal("e49", r.History[^1].EventId);
    }

    [Fact]
    public void AttachmentsAloneGiveARecordWithoutStatusAndWithoutLogRows()
    {
        var r = CallRecord.Fold([Ev("1", CallEventType.CallLogged, 0) with { Report = new CallReport("sale", "Bought two", null) }]);
        Assert.Null(r.Status);
        Assert.Equal("sale", r.Report?.Outcome);
        Assert.Empty(CallProjection.Of(r, TimeZoneInfo.Utc).Rows);
    }

    [Fact]
    public void ACallAcrossMidnightBelongsToItsStartDateInTheWorkspaceZone()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var start = new DateTimeOffset(2024, 5, 1, 21, 55, 0, TimeSpan.Zero); // 23:55 in Berlin
        var r = CallRecord.Fold([
            new CallEvent { EventId = "1", Type = CallEventType.Answered, OccurredAt = start, CallId = "C1", Source = "callaro" },
            new CallEvent { EventId = "2", Type = CallEventType.Completed, OccurredAt = start.AddMinutes(20), CallId = "C1", Source = "callaro" }]);
        Assert.Equal("default_20240501", CallProjection.Of(r, berlin).PartitionKey);
        Assert.Equal("default_20240501", CallProjection.Of(r, TimeZoneInfo.Utc).PartitionKey);
        var earlyUtc = CallRecord.Fold([new CallEvent { EventId = "1", Type = CallEventType.Ringing, OccurredAt = start.AddHours(5), CallId = "C2", Source = "callaro" }]);
        Assert.Equal("default_20240501", CallProjection.Of(earlyUtc, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).PartitionKey);
        Assert.Equal("default_20240502", CallProjection.Of(earlyUtc, TimeZoneInfo.Utc).PartitionKey);
    }

    [Fact]
    public void NumberIndexKeysNeverConfuseOneNumberWithALongerOne()
    {
        Assert.False(CallTableKeys.NumberRowKey("+12", T0, "C1").StartsWith(CallTableKeys.NumberRowPrefix("+1"), StringComparison.Ordinal));
        Assert.StartsWith(CallTableKeys.NumberRowPrefix("+1"), CallTableKeys.NumberRowKey("+1", T0, "C1"), StringComparison.Ordinal);
    }

    [Fact]
    public void LogRowKeysSortNewestFirst()
    {
        Assert.True(string.CompareOrdinal(CallTableKeys.LogRowKey(T0.AddSeconds(1), "a"), CallTableKeys.LogRowKey(T0, "a")) < 0);
    }
}
