using System.Net;
using System.Text.Json.Nodes;
using Callaro.Core.Attachments;
using Callaro.Core.Calls;
using Callaro.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Callaro.Functions.Tests.Attachments;

public sealed class BlobTriggeredAttachmentTests
{
    [Fact]
    public async Task RecordingUploadedAfterItsCallIsAttachedWithSizeTypeDurationAndChannels()
    {
        using var app = AttachmentKit.CreateApp();
        var callId = AttachmentKit.NewCallId();
        await app.IngestCallAsync(callId);
        var wav = TestAudio.Wav(channels: 2, seconds: 3.5);
        var uploaded = await app.UploadRecordingAsync($"{callId}.wav", wav, "application/octet-stream");

        var logs = await app.TriggerRecordingAsync($"{callId}.wav");

        Assert.Contains(logs, l => l.StartsWith("Attached recording", StringComparison.Ordinal));
        var recording = (await app.Store().GetAsync("default", callId)).Recording!;
        Assert.Equal(app.Names.RecordingsContainer, recording.Container);
        Assert.Equal($"{callId}.wav", recording.BlobName);
        Assert.Equal(wav.Length, recording.SizeBytes);
        Assert.Equal("audio/wav", recording.ContentType);
        Assert.Equal(3.5, recording.DurationSeconds);
        Assert.Equal(2, recording.Channels);
        Assert.Equal(uploaded.ETag.ToString().Trim('"'), recording.Version.ETag);
    }

    [Fact]
    public async Task RecordingUploadedBeforeItsCallWaitsAsPendingAndJoinsTheCallWhenItArrives()
    {
        using var app = AttachmentKit.CreateApp();
        var callId = AttachmentKit.NewCallId();
        await app.UploadRecordingAsync($"acme/{callId}.mp3", TestAudio.Mp3(), "audio/mpeg",
            new Dictionary<string, string> { ["durationseconds"] = "42.5", ["channels"] = "1" });

        var logs = await app.TriggerRecordingAsync($"acme/{callId}.mp3");

        Assert.Contains(logs, l => l.StartsWith("Kept recording", StringComparison.Ordinal) && l.Contains("no events yet"));
        var pending = await app.Store().ListPendingAsync(DateTimeOffset.UtcNow.AddMinutes(1)).ToListAsync();
        Assert.Contains(pending, p => p.WorkspaceId == "acme" && p.CallId == callId && p.Kind == AttachmentKind.Recording);

        await app.IngestCallAsync(callId, "acme");

        var recording = (await app.Store().GetAsync("acme", callId)).Recording!;
        Assert.Equal((42.5, 1), (recording.DurationSeconds, recording.Channels));
        Assert.DoesNotContain(await app.Store().ListPendingAsync(DateTimeOffset.UtcNow.AddMinutes(1)).ToListAsync(), p => p.CallId == callId);
    }

    [Fact]
    public async Task RecordingAndTranscriptUploadedAfterTheCallShowInTheCallLogList()
    {
        using var app = AttachmentKit.CreateApp();
        var callId = AttachmentKit.NewCallId();
        await app.IngestCallAsync(callId);
        Assert.Equal((false, false), Flags(await app.LogItemAsync(callId)));
        await app.UploadRecordingAsync($"{callId}.wav", TestAudio.Wav(channels: 1, seconds: 1), "audio/wav");
        await app.UploadTranscriptAsync($"{callId}.txt", "Agent: hello there");

        await app.TriggerRecordingAsync($"{callId}.wav");
        await app.TriggerTranscriptAsync($"{callId}.txt");

        Assert.Equal((true, true), Flags(await app.LogItemAsync(callId)));
        var transcript = (await app.RecordAsync(callId))!.AttachedTranscript!;
        Assert.Equal((AttachedBlobState.Available, 2), (transcript.State, transcript.WordCount));
    }

    [Fact]
    public async Task RecordingAndTranscriptUploadedBeforeTheCallShowInTheListOnceTheCallArrivesAndStayPendingUntilThen()
    {
        using var app = AttachmentKit.CreateApp();
        var callId = AttachmentKit.NewCallId();
        await app.UploadRecordingAsync($"{callId}.wav", TestAudio.Wav(channels: 1, seconds: 1), "audio/wav");
        await app.UploadTranscriptAsync($"{callId}.vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Agent>Hello there</v>\n");
        await app.TriggerRecordingAsync($"{callId}.wav");
        await app.TriggerTranscriptAsync($"{callId}.vtt");

        // Not a call yet: no log row, and both blobs still wait for their call (orphans if it never comes).
        Assert.Null(await app.LogItemAsync(callId));
        var pending = await app.Store().ListPendingAsync(DateTimeOffset.UtcNow.AddMinutes(1)).ToListAsync();
        Assert.Equal(2, pending.Count(p => p.CallId == callId));

        await app.IngestCallAsync(callId);

        Assert.Equal((true, true), Flags(await app.LogItemAsync(callId)));
        Assert.DoesNotContain(await app.Store().ListPendingAsync(DateTimeOffset.UtcNow.AddMinutes(1)).ToListAsync(), p => p.CallId == callId);
    }

    private static (bool Recording, bool Transcript) Flags(JsonObject? item)
    {
        Assert.NotNull(item);
        return (item["hasRecording"]!.GetValue<bool>(), item["hasTranscript"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AttachmentOfAnotherWorkspaceIsNotShownOnTheSameCallIdInDefault()
    {
        using var app = AttachmentKit.CreateApp();
        var callId = AttachmentKit.NewCallId();
        await app.UploadRecordingAsync($"acme/{callId}.mp3", TestAudio.Mp3());
        await app.TriggerRecordingAsync($"acme/{callId}.mp3");

        Assert.Null((await app.Store().GetAsync("default", callId)).Recording);
    }

    public static TheoryData<string, string, string?, string[]> TranscriptFormats => new()
    {
        { "txt", "Agent: Hello, this is Callaro.\nCaller: Hi, I have a question.", null, ["Agent", "Caller"] },
        { "vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Agent>Hello, this is Callaro.</v>\n\n00:00:02.000 --> 00:00:04.000\n<v Caller>Hi, I have a question.</v>\n", null, ["Agent", "Caller"] },
        { "json", """{"language":"en","segments":[{"speaker":"Agent","start":0,"end":2,"text":"Hello, this is Callaro."},{"speaker":"Caller","start":2,"end":4,"text":"Hi, I have a question."}]}""", "en", ["Agent", "Caller"] },
        { "json", """{"text":"Hello, this is Callaro. Hi, I have a question.","segments":[{"start":0,"end":2,"text":"Hello, this is Callaro."},{"start":2,"end":4,"text":"Hi, I have a question."}]}""", null, [] },
    };

    [Theory]
    [MemberData(nameof(TranscriptFormats))]
    public async Task EveryTranscriptFormatIsNormalisedIntoSegmentsAndSummarisedOnTheCall(string extension, string content, string? language, string[] speakers)
    {
        using var app = AttachmentKit.CreateApp();
        var callId = AttachmentKit.NewCallId();
        await app.IngestCallAsync(callId);
        await app.UploadTranscriptAsync($"{callId}.{extension}", content);

        await app.TriggerTranscriptAsync($"{callId}.{extension}");

        var transcript = (await app.Store().GetAsync("default", callId)).Transcript!;
        Assert.True(transcript.IsReadable);
        Assert.Equal(9, transcript.WordCount);
        Assert.Equal(2, transcript.SegmentCount);
        Assert.Equal(language, transcript.Language);
        Assert.Contains("Hello, this is Callaro.", transcript.Preview);

        using var reader = app.CreateReaderClient();
        using var response = await reader.GetAsync($"/api/calls/{callId}/transcript");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = (await response.ReadJsonAsync())!;
        var segments = document["segments"]!.AsArray();
        Assert.Equal(["Hello, this is Callaro.", "Hi, I have a question."], segments.Select(s => s!["text"]!.GetValue<string>()));
        Assert.Equal(speakers, segments.Where(s => s!["speaker"] is not null).Select(s => s!["speaker"]!.GetValue<string>()));
        Assert.Equal(extension, document["format"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("json", "{\"segments\": [", "not valid JSON")]
    [InlineData("json", "{\"segments\": \"nope\"}", "'segments' must be an array")]
    [InlineData("vtt", "Hello without a header", "first line must be 'WEBVTT'")]
    public async Task UnreadableTranscriptIsRecordedWithItsReasonAndTheInvocationSucceeds(string extension, string content, string reason)
    {
        using var app = AttachmentKit.CreateApp();
        var callId = AttachmentKit.NewCallId();
        await app.IngestCallAsync(callId);
        await app.UploadTranscriptAsync($"{callId}.{extension}", content);

        await app.TriggerTranscriptAsync($"{callId}.{extension}"); // asserts 2xx: the host must not retry forever

        var transcript = (await app.Store().GetAsync("default", callId)).Transcript!;
        Assert.False(transcript.IsReadable);
        Assert.Contains(reason, transcript.UnreadableReason);
        Assert.Null(transcript.TextBlobName);
        var onRecord = (await app.RecordAsync(callId))!.AttachedTranscript!;
        Assert.Equal(AttachedBlobState.Unreadable, onRecord.State);
        Assert.Contains(reason, onRecord.UnreadableReason);
        Assert.False(Flags(await app.LogItemAsync(callId)).Transcript);

        var issues = await app.Store().ListIssuesAsync(DateOnly.FromDateTime(DateTime.UtcNow)).ToListAsync();
        Assert.Contains(issues, i => i.CallId == callId && i.Kind == AttachmentKind.Transcript && i.Reason.Contains(reason));

        using var reader = app.CreateReaderClient();
        using var response = await reader.GetAsync($"/api/calls/{callId}/transcript");
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains(reason, problem.Detail);
        Assert.Contains(reason, problem.Extension("unreadableReason"));
    }

    [Fact]
    public async Task TranscriptThatIsNotUtf8IsUnreadable()
    {
        using var app = AttachmentKit.CreateApp();
        var callId = AttachmentKit.NewCallId();
        await app.UploadAsync(app.Names.TranscriptsContainer, $"{callId}.txt", [.. "Agent: caf"u8, 0xE9]);

        await app.TriggerTranscriptAsync($"{callId}.txt");

        Assert.Contains("not valid UTF-8", (await app.Store().GetAsync("default", callId)).Transcript!.UnreadableReason);
    }

    [Fact]
    public async Task CorrectedTranscriptReplacesTheUnreadableOneAndClearsTheIssue()
    {
        using var app = AttachmentKit.CreateApp();
        var callId = AttachmentKit.NewCallId();
        await app.UploadTranscriptAsync($"{callId}.json", "{broken");
        await app.TriggerTranscriptAsync($"{callId}.json");
        await Task.Delay(1100); // Last-Modified has one-second resolution in the host's payload
        await app.UploadTranscriptAsync($"{callId}.json", """{"text":"fixed now"}""");

        await app.TriggerTranscriptAsync($"{callId}.json");

        var transcript = (await app.Store().GetAsync("default", callId)).Transcript!;
        Assert.True(transcript.IsReadable);
        Assert.Equal(2, transcript.WordCount);
        Assert.DoesNotContain(await app.Store().ListIssuesAsync(DateOnly.FromDateTime(DateTime.UtcNow)).ToListAsync(), i => i.CallId == callId);
    }

    [Fact]
    public async Task SameBlobTriggeredTwiceChangesNothing()
    {
        using var app = AttachmentKit.CreateApp();
        var callId = AttachmentKit.NewCallId();
        await app.IngestCallAsync(callId);
        await app.UploadTranscriptAsync($"{callId}.txt", "Agent: hello");
        await app.TriggerTranscriptAsync($"{callId}.txt");
        var before = await app.AttachmentRowAsync("default", $"{callId}|transcript");
        var recordBefore = (await app.RecordAsync(callId))!;

        var logs = await app.TriggerTranscriptAsync($"{callId}.txt");

        Assert.Contains(logs, l => l.Contains("already attached"));
        var after = await app.AttachmentRowAsync("default", $"{callId}|transcript");
        Assert.Equal(before.ETag, after.ETag);
        var recordAfter = (await app.RecordAsync(callId))!;
        Assert.Equal(recordBefore.EventCount, recordAfter.EventCount);
        Assert.Equal(recordBefore.History.Select(h => (h.EventId, h.ReceivedAt)), recordAfter.History.Select(h => (h.EventId, h.ReceivedAt)));
        Assert.True(recordAfter.HasTranscript);
    }

    [Fact]
    public async Task NewerVersionReplacesTheOldAndALateOlderOneNeverOverwritesIt()
    {
        using var app = AttachmentKit.CreateApp();
        var callId = AttachmentKit.NewCallId();
        await app.IngestCallAsync(callId);
        var first = await app.UploadRecordingAsync($"{callId}.mp3", TestAudio.Mp3(), "audio/mpeg", new Dictionary<string, string> { ["durationseconds"] = "10" });
        await app.TriggerRecordingAsync($"{callId}.mp3");
        await Task.Delay(1100);
        await app.UploadRecordingAsync($"{callId}.mp3", TestAudio.Mp3(8192), "audio/mpeg", new Dictionary<string, string> { ["durationseconds"] = "20" });

        await app.TriggerRecordingAsync($"{callId}.mp3");
        // A retried invocation of the first version that finishes last, as the processor sees it.
        var late = await app.Services.GetRequiredService<AttachmentProcessor>().ProcessRecordingAsync(
            new TriggeredBlob(app.Names.RecordingsContainer, $"{callId}.mp3", new BlobVersion(first.ETag.ToString().Trim('"'), first.LastModified),
                first.ContentLength, first.ContentType, new Dictionary<string, string>(first.Metadata)), null);

        Assert.Equal(AttachOutcome.OlderIgnored, late.Attach!.Outcome);
        var recording = (await app.Store().GetAsync("default", callId)).Recording!;
        Assert.Equal((20.0, 8192L), (recording.DurationSeconds, recording.SizeBytes));
    }

    [Fact]
    public async Task VersionsDeliveredInParallelAndRepeatedEndWithTheNewest()
    {
        using var app = AttachmentKit.CreateApp();
        var callId = AttachmentKit.NewCallId();
        var invocations = new List<Task<string[]>>();
        for (var version = 1; version <= 3; version++)
        {
            if (version > 1) await Task.Delay(1100);
            await app.UploadTranscriptAsync($"{callId}.txt", string.Join(" ", Enumerable.Repeat("word", version)));
            invocations.AddRange(Enumerable.Range(0, 3).Select(_ => app.TriggerTranscriptAsync($"{callId}.txt")));
        }

        await Task.WhenAll(invocations);

        Assert.Equal(3, (await app.Store().GetAsync("default", callId)).Transcript!.WordCount);
    }

    [Fact]
    public async Task BlobWhoseNameNamesNoCallIsIgnoredAndNotRetried()
    {
        using var app = AttachmentKit.CreateApp();
        await app.UploadRecordingAsync("a/b/c.mp3", TestAudio.Mp3());

        var logs = await app.TriggerRecordingAsync("a/b/c.mp3");

        Assert.Contains(logs, l => l.StartsWith("Ignored", StringComparison.Ordinal) && l.Contains("more than one folder"));
    }
}
