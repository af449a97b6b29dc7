using System.Text.Json;
using Callaro.Functions.Invocations;
using Callaro.Functions.Tests.Attachments;
using Callaro.Functions.Tests.Infrastructure;
using Callaro.Functions.Triggers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
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
    public async Task RunnerFiresTheAppsOwnBlobAndTimerFunctionsFromWhereTheAppRuns()
    {
        using var app = AppWithRunner();
        app.Start();

        var announced = await AttachmentKit.EventuallyAsync(
            () => Task.FromResult(app.Logs.FirstOrDefault(l => l.Contains("Local triggers from"))),
            TimeSpan.FromSeconds(10), "the runner reading the function definitions");

        Assert.Contains("RecordingBlobTrigger", announced);
        Assert.Contains("TranscriptBlobTrigger", announced);
        Assert.Contains("HealthReportTimer", announced);
    }

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

    [Fact]
    public async Task TimerFunctionFiresOnItsScheduleWithTheHostsTimerPayload()
    {
        var functions = Directory.CreateTempSubdirectory();
        Directory.CreateDirectory(Path.Combine(functions.FullName, "Tick"));
        File.WriteAllText(Path.Combine(functions.FullName, "Tick", "function.json"),
            """{"bindings":[{"type":"timerTrigger","direction":"in","name":"timer","schedule":"%TickSchedule%"}]}""");

        // The invocation target is a real server on loopback, as the app itself is under ./run.sh.
        var received = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var targetBuilder = WebApplication.CreateSlimBuilder();
        targetBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var target = targetBuilder.Build();
        target.MapInvocation("Tick", (invocation, _, _) =>
        {
            received.Enqueue(invocation.Data.GetRawText());
            return Task.FromResult(InvocationResponse.Success("ticked"));
        });
        await target.StartAsync();
        try
        {
            using var app = new CallaroApplication()
                .WithSetting("Callaro:LocalTriggers:Enabled", "true")
                .WithSetting("TickSchedule", "* * * * * *")
                .WithSetting("Callaro:LocalTriggers:FunctionsPath", functions.FullName)
                .WithSetting("Callaro:LocalTriggers:BaseUrl", target.Urls.First());
            app.Start();

            await AttachmentKit.EventuallyAsync(() => Task.FromResult(received.Count >= 2 ? "" : null), TimeSpan.FromSeconds(10), "two ticks");

            using var data = JsonDocument.Parse(received.First());
            var timer = data.RootElement.GetProperty("timer");
            Assert.False(timer.GetProperty("IsPastDue").GetBoolean());
            Assert.True(timer.GetProperty("ScheduleStatus").TryGetProperty("Next", out _));
            Assert.Contains(app.Logs, l => l.Contains("Tick: ticked"));
        }
        finally
        {
            functions.Delete(recursive: true);
        }
    }
}
