using Callaro.Core.Attachments;
using Callaro.Functions.Tests.Attachments;
using Callaro.Functions.Tests.Infrastructure;
using Callaro.Functions.Triggers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Callaro.Functions.Tests.Invocations;

public sealed class LocalTriggerRunnerTests
{
    /// <summary>The app with its runner on, polling fast, its loopback calls routed into the test server.</summary>
    private static CallaroApplication AppWithRunner() => new CallaroApplication()
        .WithSetting("Callaro:LocalTriggers:Enabled", "true")
        .WithSetting("Callaro:LocalTriggers:PollInterval", "00:00:00.500")
        .WithSetting("Callaro:LocalTriggers:BaseUrl", "http://localhost/")
        .WithServices(services => services.AddHttpClient(LocalTriggerRunner.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler()));

    [Fact]
    public async Task UploadToAzuriteIsAttachedToTheCallWithinSecondsWithoutTheFunctionsHost()
    {
        using var app = AppWithRunner();
        app.Start();
        var callId = AttachmentKit.NewCallId();
        await app.IngestCallAsync(callId);

        await app.UploadRecordingAsync($"{callId}.wav", TestAudio.Wav(channels: 2, seconds: 2), "audio/wav");
        await app.UploadTranscriptAsync($"{callId}.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Agent>Hello there</v>\n");

        var attached = await AttachmentKit.EventuallyAsync(async () =>
            await app.Store().GetAsync("default", callId) is { Recording: not null, Transcript: not null } a ? a : null,
            TimeSpan.FromSeconds(15), "attaching both uploads");
        Assert.Equal((2.0, 2), (attached.Recording!.DurationSeconds, attached.Recording.Channels));
        Assert.Equal(2, attached.Transcript!.WordCount);
    }

    [Fact]
    public async Task EachBlobVersionFiresOnceAndANewVersionFiresAgain()
    {
        using var app = AppWithRunner();
        app.Start();
        var callId = AttachmentKit.NewCallId();
        await app.UploadTranscriptAsync($"{callId}.txt", "Agent: one");
        await AttachmentKit.EventuallyAsync(async () => (await app.Store().GetAsync("default", callId)).Transcript, TimeSpan.FromSeconds(15), "the first version");

        await Task.Delay(TimeSpan.FromSeconds(2)); // several polls
        Assert.Single(app.Logs, l => l.Contains($"Kept transcript") && l.Contains(callId) && l.Contains("TranscriptBlobTrigger:"));

        await app.UploadTranscriptAsync($"{callId}.txt", "Agent: one two three");
        var second = await AttachmentKit.EventuallyAsync(async () =>
            (await app.Store().GetAsync("default", callId)).Transcript is { WordCount: 3 } t ? t : null, TimeSpan.FromSeconds(15), "the second version");
        Assert.True(second.IsReadable);
    }
}
