using Callaro.Core.Calls;
using Callaro.Functions.Webhooks.Parsing;

namespace Callaro.Functions.Tests.Webhooks;

public class TwilioCallbackParserTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, string> Callback(string status = "completed", params (string Key, string Value)[] extra)
    {
        var form = new Dictionary<string, string>
        {
            ["AccountSid"] = "AC123",
            ["CallSid"] = "CA111",
            ["CallStatus"] = status,
            ["Direction"] = "inbound",
            ["From"] = "+4930111",
            ["To"] = "+4930222",
            ["Timestamp"] = "Sat, 21 Nov 2026 08:35:09 +0000",
            ["SequenceNumber"] = "3",
        };
        foreach (var (key, value) in extra)
        {
            form[key] = value;
        }

        return form;
    }

    private static string WorkspaceOf(string? account) => account == "AC123" ? "acme" : "default";

    private static ParsedDelivery Parse(Dictionary<string, string> form) => TwilioCallbackParser.ParseStatus(form, ReceivedAt, WorkspaceOf);

    private static CallEvent Single(Dictionary<string, string> form)
    {
        var parsed = Parse(form);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors.Select(e => $"{e.Key}: {string.Join(",", e.Value)}")));
        return Assert.Single(parsed.Events);
    }

    [Theory]
    [InlineData("queued", CallEventType.Ringing)]
    [InlineData("initiated", CallEventType.Ringing)]
    [InlineData("ringing", CallEventType.Ringing)]
    [InlineData("in-progress", CallEventType.Answered)]
    [InlineData("completed", CallEventType.Completed)]
    [InlineData("busy", CallEventType.Missed)]
    [InlineData("no-answer", CallEventType.Missed)]
    [InlineData("canceled", CallEventType.Missed)]
    [InlineData("failed", CallEventType.Failed)]
    public void EveryCallStatusMapsOntoTheFiveStatusesAndIsKept(string status, CallEventType expected)
    {
        var e = Single(Callback(status));

        Assert.Equal(expected, e.Type);
        Assert.Equal(status, e.ProviderStatus);
    }

    [Theory]
    [InlineData("inbound", CallDirection.Incoming)]
    [InlineData("outbound-api", CallDirection.Outgoing)]
    [InlineData("outbound-dial", CallDirection.Outgoing)]
    public void DirectionMaps(string direction, CallDirection expected)
    {
        Assert.Equal(expected, Single(Callback("ringing", ("Direction", direction))).Direction);
    }

    [Fact]
    public void ACompletedCallCarriesItsNumbersTimesAndDuration()
    {
        var e = Single(Callback("completed", ("CallDuration", "95")));

        Assert.Equal("CA111", e.CallId);
        Assert.Equal("acme", e.WorkspaceId);
        Assert.Equal("twilio", e.Source);
        Assert.Equal(("+4930111", "+4930222"), (e.Caller, e.Callee));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 8, 35, 9, TimeSpan.Zero), e.OccurredAt);
        Assert.Equal(e.OccurredAt, e.EndedAt);
        Assert.Equal(95, e.DurationSeconds);
        Assert.Equal(3, e.Sequence);
        Assert.Equal(ReceivedAt, e.ReceivedAt);
    }

    [Fact]
    public void AFailedCallKeepsItsSipCode()
    {
        Assert.Equal("503", Single(Callback("failed", ("SipResponseCode", "503"))).FailureReason);
    }

    [Fact]
    public void AnUnmappedAccountFallsBackToTheDefaultWorkspace()
    {
        Assert.Equal("default", Single(Callback("ringing", ("AccountSid", "AC999"))).WorkspaceId);
    }

    [Fact]
    public void TheEventIdIsStableAcrossRetriesAndDiffersBetweenCallbacks()
    {
        var first = Single(Callback("ringing"));
        var retry = TwilioCallbackParser.ParseStatus(Callback("ringing"), ReceivedAt.AddMinutes(5), WorkspaceOf).Events[0];
        var next = Single(Callback("in-progress", ("SequenceNumber", "4")));

        Assert.Equal("twilio-CA111-ringing-3", first.EventId);
        Assert.Equal(first.EventId, retry.EventId);
        Assert.NotEqual(first.EventId, next.EventId);
    }

    [Fact]
    public void AMissingTimestampFallsBackToTheTimeOfReceipt()
    {
        var form = Callback("ringing");
        form.Remove("Timestamp");

        Assert.Equal(ReceivedAt, Single(form).OccurredAt);
    }

    [Theory]
    [InlineData("CallStatus", "exploded", "not one of")]
    [InlineData("Direction", "sideways", "not one of")]
    [InlineData("Timestamp", "2026-11-21T08:35:09", "RFC 1123")]
    [InlineData("SequenceNumber", "-1", "whole number")]
    [InlineData("CallDuration", "ten", "whole number")]
    public void ABadFieldIsNamedInTwiliosSpelling(string field, string value, string reason)
    {
        var parsed = Parse(Callback("completed", (field, value)));

        Assert.Contains(reason, Assert.Single(parsed.Errors[field]));
    }

    [Fact]
    public void MissingRequiredFieldsAreNamed()
    {
        var parsed = Parse(new Dictionary<string, string> { ["From"] = "+1" });

        Assert.Equal(["CallSid", "CallStatus"], parsed.Errors.Keys.Order());
    }

    [Fact]
    public void TimestampsWithGmtAreUnderstoodToo()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 8, 35, 9, TimeSpan.Zero),
            Single(Callback("ringing", ("Timestamp", "Sat, 21 Nov 2026 08:35:09 GMT"))).OccurredAt);
    }

    public class ChildLegs
    {
        private static Dictionary<string, string> Child(string status, params (string, string)[] extra) =>
            Callback(status, [("CallSid", "CA222"), ("ParentCallSid", "CA111"), ("Direction", "outbound-dial"), ("To", "+4930999"), .. extra]);

        [Fact]
        public void AChildLegIsFiledUnderItsParentWithItsOwnEventId()
        {
            var e = Single(Child("ringing"));

            Assert.Equal("CA111", e.CallId);
            Assert.Equal("twilio-CA222-ringing-3", e.EventId);
        }

        [Fact]
        public void AChildLegDoesNotOverwriteTheParentsDirectionNumbersOrSequence()
        {
            var e = Single(Child("in-progress"));

            Assert.Null(e.Direction);
            Assert.Null(e.Caller);
            Assert.Null(e.Callee);
            Assert.Null(e.Sequence);
        }

        [Fact]
        public void AnAnsweredChildMeansTheParentWasAnswered()
        {
            var e = Single(Child("in-progress"));

            Assert.Equal(CallEventType.Answered, e.Type);
            Assert.Equal(e.OccurredAt, e.AnsweredAt);
        }

        [Fact]
        public void ACompletedChildMeansTheParentWasAnsweredNotThatItEnded()
        {
            var e = Single(Child("completed", ("CallDuration", "60")));

            Assert.Equal(CallEventType.Answered, e.Type);
            Assert.Equal("completed", e.ProviderStatus);
            Assert.Equal(e.OccurredAt.AddSeconds(-60), e.AnsweredAt);
            Assert.Null(e.EndedAt);
            Assert.Null(e.DurationSeconds);
        }

        [Theory]
        [InlineData("busy")]
        [InlineData("no-answer")]
        [InlineData("canceled")]
        [InlineData("failed")]
        public void AnUnansweredChildDoesNotEndTheParent(string status)
        {
            var e = Single(Child(status));

            Assert.Equal(CallEventType.Ringing, e.Type);
            Assert.Equal(status, e.ProviderStatus);
            Assert.Null(e.EndedAt);
        }

        [Fact]
        public void ALegWhoseParentIsItselfIsTreatedAsTheCall()
        {
            var e = Single(Callback("completed", ("ParentCallSid", "CA111")));

            Assert.Equal(CallEventType.Completed, e.Type);
        }
    }

    public class Recordings
    {
        private static Dictionary<string, string> Recording(string status = "completed") => new()
        {
            ["AccountSid"] = "AC123",
            ["CallSid"] = "CA111",
            ["RecordingSid"] = "RE555",
            ["RecordingStatus"] = status,
            ["RecordingUrl"] = "https://api.twilio.example/Recordings/RE555",
            ["RecordingDuration"] = "42",
            ["RecordingChannels"] = "2",
            ["RecordingStartTime"] = "Sat, 21 Nov 2026 08:35:09 +0000",
        };

        [Fact]
        public void ACompletedRecordingBecomesRecordingDetailsOnTheCall()
        {
            var parsed = TwilioCallbackParser.ParseRecording(Recording(), ReceivedAt, WorkspaceOf);

            var e = Assert.Single(parsed.Events);
            Assert.Equal(CallEventType.RecordingCompleted, e.Type);
            Assert.Equal("twilio-rec-RE555", e.EventId);
            Assert.Equal(("CA111", "acme"), (e.CallId, e.WorkspaceId));
            Assert.Equal(new ProviderRecording("RE555", "https://api.twilio.example/Recordings/RE555", 42, 2), e.Recording);
            Assert.Equal(new DateTimeOffset(2026, 11, 21, 8, 35, 51, TimeSpan.Zero), e.OccurredAt);
        }

        [Theory]
        [InlineData("in-progress")]
        [InlineData("absent")]
        [InlineData("failed")]
        public void OtherRecordingStatusesAreAcknowledgedButNotStored(string status)
        {
            var parsed = TwilioCallbackParser.ParseRecording(Recording(status), ReceivedAt, WorkspaceOf);

            Assert.True(parsed.IsValid);
            Assert.Empty(parsed.Events);
        }

        [Fact]
        public void AnUnknownRecordingStatusIsRejected()
        {
            Assert.True(TwilioCallbackParser.ParseRecording(Recording("done"), ReceivedAt, WorkspaceOf).Errors.ContainsKey("RecordingStatus"));
        }
    }
}
