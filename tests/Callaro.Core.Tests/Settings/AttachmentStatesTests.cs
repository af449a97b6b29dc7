using Callaro.Core.Calls;
using Callaro.Core.Settings;

namespace Callaro.Core.Tests.Settings;

public class AttachmentStatesTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddMinutes(5);

    private static readonly CampaignSettings AllOn = new()
    {
        LoggingEnabled = true, RecordingEnabled = true, TranscriptionEnabled = true, CrmConnected = true,
        ExpectedFields = ["budget", "stage"],
        SourceOfTruth = new Dictionary<string, string> { ["stage"] = CampaignSettings.Crm },
        ReportGraceMinutes = 10, RecordingGraceMinutes = 15, TranscriptGraceMinutes = 30, CrmGraceMinutes = 20,
    };

    private static CallEvent Ev(string id, CallEventType type, DateTimeOffset at) => new()
    {
        EventId = id, Type = type, OccurredAt = at, CallId = "C1", WorkspaceId = "ws1", Source = "callaro", CampaignId = "sales",
    };

    private static CallRecord Completed(params CallEvent[] more) =>
        CallRecord.Fold([Ev("r", CallEventType.Ringing, Start), Ev("a", CallEventType.Answered, Start.AddSeconds(10)), Ev("c", CallEventType.Completed, End), .. more]);

    private static CallEvent Logged(string? outcome = "booked", string? summary = "Booked a demo.", Dictionary<string, CallFieldValue>? fields = null) =>
        Ev("l", CallEventType.CallLogged, End.AddMinutes(1)) with { Report = new CallReport(outcome, summary, fields) };

    private static CallEvent Crm(string id, bool succeeded, Dictionary<string, CallFieldValue>? sent = null, Dictionary<string, CallFieldValue>? observed = null, string? error = null) =>
        Ev(id, CallEventType.CrmActivity, End.AddMinutes(2)) with { Crm = new CrmActivity("hubspot", "deal-1", "fieldUpdate", succeeded, error, sent, observed) };

    // Grace boundaries: the piece is pending strictly before end + grace, missing from that instant on.
    [Theory]
    [InlineData("outcome", 10)]
    [InlineData("recording", 15)]
    [InlineData("transcript", 30)]
    [InlineData("crm", 20)]
    public void AnAbsentPieceIsPendingUntilItsGraceEndsAndMissingFromThen(string piece, int graceMinutes)
    {
        var record = Completed();
        var due = End.AddMinutes(graceMinutes);
        AttachmentStatus At(DateTimeOffset now) => Pick(AttachmentStates.Evaluate(record, AllOn, now), piece);

        Assert.Equal(AttachmentState.Pending, At(End).State);
        var justBefore = At(due.AddTicks(-1));
        Assert.Equal(AttachmentState.Pending, justBefore.State);
        Assert.Equal(due, justBefore.PendingUntil);
        var atDue = At(due);
        Assert.Equal(AttachmentState.Missing, atDue.State);
        Assert.Equal(due, atDue.PendingUntil);
        Assert.Contains("expected by", atDue.Reason);
    }

    [Theory]
    [InlineData("outcome")]
    [InlineData("recording")]
    [InlineData("transcript")]
    [InlineData("crm")]
    public void APieceTheCampaignDoesNotEnableIsNotEnabledEvenLongAfterTheCall(string piece)
    {
        var off = new CampaignSettings { LoggingEnabled = false };
        var status = Pick(AttachmentStates.Evaluate(Completed(), off, End.AddDays(3)), piece);
        Assert.Equal(AttachmentState.NotEnabled, status.State);
        Assert.Contains("does not enable", status.Reason);
    }

    [Fact]
    public void EverythingThatArrivedIsLogged()
    {
        var record = Completed(
            Logged(fields: new() { ["budget"] = new(Number: 5000) }),
            Crm("crm1", succeeded: true, observed: new() { ["stage"] = new(Text: "demo") }),
            Ev("rec", CallEventType.RecordingCompleted, End.AddMinutes(1)) with { Recording = new ProviderRecording("RE1", null, 300, 2) });

        var result = AttachmentStates.Evaluate(record, AllOn, End.AddDays(1), new AttachmentArrivals(TranscriptAttached: true));

        Assert.All([result.OutcomeAndSummary, result.Recording, result.Transcript, result.CrmActivity], s => Assert.Equal(AttachmentState.Logged, s.State));
        Assert.All(result.Fields, f => Assert.Equal(AttachmentState.Logged, f.State));
    }

    [Fact]
    public void SomethingThatArrivedIsShownAsLoggedEvenWhenTheCampaignDoesNotEnableIt()
    {
        var result = AttachmentStates.Evaluate(Completed(), CampaignSettings.Default, End.AddDays(1), new AttachmentArrivals(RecordingAttached: true));
        Assert.Equal(AttachmentState.Logged, result.Recording.State);
        Assert.Equal(AttachmentState.NotEnabled, result.Transcript.State);
    }

    [Fact]
    public void AnUnreadableTranscriptSaysWhy()
    {
        var result = AttachmentStates.Evaluate(Completed(), AllOn, End.AddMinutes(1), new AttachmentArrivals(TranscriptAttached: true, TranscriptUnreadableReason: "not valid JSON at line 3"));
        Assert.Equal(new AttachmentStatus(AttachmentState.Unreadable, null, "not valid JSON at line 3"), result.Transcript);
    }

    [Fact]
    public void AReportWithoutASummaryIsNotLoggedAndSaysWhatIsLacking()
    {
        var result = AttachmentStates.Evaluate(Completed(Logged(summary: " ")), AllOn, End.AddHours(1));
        Assert.Equal(AttachmentState.Missing, result.OutcomeAndSummary.State);
        Assert.Contains("the report has no summary", result.OutcomeAndSummary.Reason);
    }

    [Fact]
    public void OnlyFailedCrmWritesAreNotLoggedAndTheErrorIsShown()
    {
        var record = Completed(Crm("crm1", succeeded: false, error: "401 token expired"));
        Assert.Equal(AttachmentState.Pending, AttachmentStates.Evaluate(record, AllOn, End.AddMinutes(19)).CrmActivity.State);
        var late = AttachmentStates.Evaluate(record, AllOn, End.AddMinutes(20)).CrmActivity;
        Assert.Equal(AttachmentState.Missing, late.State);
        Assert.Contains("401 token expired", late.Reason);
    }

    [Theory]
    [InlineData(CallEventType.Missed)]
    [InlineData(CallEventType.Failed)]
    public void ACallThatNeverConnectedExpectsNothing(CallEventType how)
    {
        var record = CallRecord.Fold([Ev("r", CallEventType.Ringing, Start), Ev("m", how, Start.AddSeconds(30))]);
        var result = AttachmentStates.Evaluate(record, AllOn, Start.AddDays(1));
        Assert.All([result.OutcomeAndSummary, result.Recording, result.Transcript, result.CrmActivity], s => Assert.Equal(AttachmentState.NotExpected, s.State));
        Assert.All(result.Fields, f => Assert.Equal(AttachmentState.NotExpected, f.State));
    }

    [Fact]
    public void ACallStillInProgressIsPendingWithoutADeadline()
    {
        var record = CallRecord.Fold([Ev("a", CallEventType.Answered, Start)]);
        var result = AttachmentStates.Evaluate(record, AllOn, Start.AddHours(3));
        Assert.Equal(AttachmentState.Pending, result.Recording.State);
        Assert.Null(result.Recording.PendingUntil);
        Assert.Contains("still in progress", result.Recording.Reason);
    }

    [Fact]
    public void AttachmentsThatArrivedBeforeTheCallsStatusLeaveTheRestPending()
    {
        var record = CallRecord.Fold([Logged()]);
        var result = AttachmentStates.Evaluate(record, AllOn, Start.AddDays(2));
        Assert.Equal(AttachmentState.Logged, result.OutcomeAndSummary.State);
        Assert.Equal(AttachmentState.Pending, result.Transcript.State);
        Assert.Contains("status events have not arrived", result.Transcript.Reason);
    }

    [Fact]
    public void EachFieldCarriesItsOwnerAndTheOwnersValue()
    {
        var record = Completed(
            Logged(fields: new() { ["stage"] = new(Text: "qualified"), ["budget"] = new(Number: 5000), ["mood"] = new(Text: "happy") }),
            Crm("crm1", succeeded: true, sent: new() { ["stage"] = new(Text: "qualified") }, observed: new() { ["stage"] = new(Text: "demo") }));

        var fields = AttachmentStates.Evaluate(record, AllOn, End.AddHours(1)).Fields;

        Assert.Equal(["budget", "stage", "mood"], fields.Select(f => f.Name));
        Assert.Equal(new FieldStatus("budget", true, FieldOwner.Callaro, AttachmentState.Logged, new(Number: 5000)), fields[0]);
        Assert.Equal(new FieldStatus("stage", true, FieldOwner.Crm, AttachmentState.Logged, new(Text: "demo")), fields[1]);
        Assert.Equal(new FieldStatus("mood", false, FieldOwner.Callaro, AttachmentState.Logged, new(Text: "happy")), fields[2]);
    }

    [Fact]
    public void AnExpectedFieldUsesItsOwnersGracePeriod()
    {
        var record = Completed(Logged());
        // budget (Callaro) waits for the report: 10 minutes; stage (CRM, connected) for CRM activity: 20 minutes.
        var at15 = AttachmentStates.Evaluate(record, AllOn, End.AddMinutes(15)).Fields;
        Assert.Equal(AttachmentState.Missing, at15.Single(f => f.Name == "budget").State);
        Assert.Equal(AttachmentState.Pending, at15.Single(f => f.Name == "stage").State);
        Assert.Equal(AttachmentState.Missing, AttachmentStates.Evaluate(record, AllOn, End.AddMinutes(20)).Fields.Single(f => f.Name == "stage").State);
    }

    [Fact]
    public void ABlankValueDoesNotCountAsLogged()
    {
        var record = Completed(Logged(fields: new() { ["budget"] = new(Text: "  ") }));
        Assert.Equal(AttachmentState.Missing, AttachmentStates.Evaluate(record, AllOn, End.AddHours(1)).Fields[0].State);
    }

    [Fact]
    public void AZeroGracePeriodMakesAnAbsentPieceMissingTheMomentTheCallEnds()
    {
        var settings = AllOn with { RecordingGraceMinutes = 0 };
        Assert.Equal(AttachmentState.Missing, AttachmentStates.Evaluate(Completed(), settings, End).Recording.State);
        Assert.Equal(AttachmentState.Pending, AttachmentStates.Evaluate(Completed(), settings, End.AddTicks(-1)).Recording.State);
    }

    [Fact]
    public void TheSameInputsAlwaysGiveTheSameAnswer()
    {
        var record = Completed(Logged());
        Assert.Equal(
            AttachmentStates.Evaluate(record, AllOn, End.AddMinutes(12)).Fields,
            AttachmentStates.Evaluate(record, AllOn, End.AddMinutes(12)).Fields);
    }

    private static AttachmentStatus Pick(CallCompleteness c, string piece) => piece switch
    {
        "outcome" => c.OutcomeAndSummary,
        "recording" => c.Recording,
        "transcript" => c.Transcript,
        _ => c.CrmActivity,
    };
}

public class AttachmentArrivalsTests
{
    private static readonly Callaro.Core.Attachments.BlobVersion Version = new("0x1", DateTimeOffset.UnixEpoch);

    [Fact]
    public void StoredAttachmentsCountAsArrivals()
    {
        var recording = new Callaro.Core.Attachments.RecordingAttachment("recordings", "C1.wav", 100, "audio/wav", 3, 1, Version, DateTimeOffset.UnixEpoch);
        var unreadable = new Callaro.Core.Attachments.TranscriptAttachment("transcripts", "C1.json", Version, false, "bad JSON at line 2", "json",
            null, null, null, null, null, null, DateTimeOffset.UnixEpoch, Callaro.Core.Attachments.TranscriptProblem.NotValidJson);

        Assert.Equal(AttachmentArrivals.None, AttachmentArrivals.From(Callaro.Core.Attachments.CallAttachments.None));
        // Managers read the plain sentence; the parser's detail stays with the attachment (and the API's transcript reason).
        Assert.Equal(new AttachmentArrivals(true, true, "The transcript file is not valid JSON."), AttachmentArrivals.From(new(recording, unreadable)));
        Assert.Equal(new AttachmentArrivals(false, true, null), AttachmentArrivals.From(new(null, unreadable with { IsReadable = true, UnreadableReason = null })));
    }
}
