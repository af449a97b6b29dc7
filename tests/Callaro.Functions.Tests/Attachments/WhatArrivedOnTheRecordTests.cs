using System.Net;
using System.Text.Json.Nodes;
using Callaro.Functions.Tests.Infrastructure;

namespace Callaro.Functions.Tests.Attachments;

/// <summary><c>GET /api/calls/{callId}</c> and the call page say what arrived for the call: the recording's and transcript's details and links.</summary>
public sealed class WhatArrivedOnTheRecordTests
{
    [Fact]
    public async Task CallRecordCarriesTheRecordingAndTranscriptDetailsWithTheirLinks()
    {
        using var app = AttachmentKit.CreateApp();
        var callId = AttachmentKit.NewCallId();
        await app.IngestCallAsync(callId);
        var wav = TestAudio.Wav(channels: 2, seconds: 3.5);
        await app.UploadRecordingAsync($"{callId}.wav", wav, "audio/wav");
        await app.UploadTranscriptAsync($"{callId}.json", """{"language":"de","segments":[{"speaker":"Agent","text":"Guten Tag, hier ist Callaro."}]}""");
        await app.TriggerRecordingAsync($"{callId}.wav");
        await app.TriggerTranscriptAsync($"{callId}.json");

        var call = await CallAsync(app, callId);

        var recording = call["recording"]!;
        Assert.True(recording["attached"]!.GetValue<bool>());
        Assert.Equal("audio/wav", recording["contentType"]!.GetValue<string>());
        Assert.Equal(wav.Length, recording["sizeBytes"]!.GetValue<long>());
        Assert.Equal(3.5, recording["durationSeconds"]!.GetValue<double>());
        Assert.Equal(2, recording["channels"]!.GetValue<int>());
        Assert.True(DateTimeOffset.UtcNow - DateTimeOffset.Parse(recording["arrivedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) < TimeSpan.FromMinutes(5));
        Assert.Equal($"/api/calls/{callId}/recording", recording["link"]!.GetValue<string>());

        var transcript = call["transcript"]!;
        Assert.Equal("logged", transcript["state"]!.GetValue<string>());
        Assert.Equal("de", transcript["language"]!.GetValue<string>());
        Assert.Equal(5, transcript["wordCount"]!.GetValue<int>());
        Assert.Contains("Guten Tag", transcript["preview"]!.GetValue<string>());
        Assert.Equal($"/api/calls/{callId}/transcript", transcript["link"]!.GetValue<string>());
        Assert.Null(transcript["problem"]);

        using var reader = app.CreateReaderClient();
        using var followed = await reader.GetAsync(transcript["link"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
    }

    [Fact]
    public async Task CallWithNothingAttachedCarriesNoRecordingOrTranscript()
    {
        using var app = AttachmentKit.CreateApp();
        var callId = AttachmentKit.NewCallId();
        await app.IngestCallAsync(callId);

        var call = await CallAsync(app, callId);

        Assert.False(call.ContainsKey("recording"));
        Assert.False(call.ContainsKey("transcript"));
    }

    [Fact]
    public async Task UnreadableTranscriptShowsManagersASentenceAndKeepsTheParserDetailInTheApi()
    {
        using var app = AttachmentKit.CreateApp();
        var callId = AttachmentKit.NewCallId();
        await app.IngestCallAsync(callId);
        await app.UploadTranscriptAsync($"{callId}.json", "{\"segments\": [");
        await app.TriggerTranscriptAsync($"{callId}.json");

        var transcript = (await CallAsync(app, callId))["transcript"]!;
        Assert.Equal("unreadable", transcript["state"]!.GetValue<string>());
        Assert.Equal("The transcript file is not valid JSON.", transcript["problem"]!.GetValue<string>());
        Assert.StartsWith("The JSON transcript is not valid JSON: ", transcript["reason"]!.GetValue<string>());
        Assert.Null(transcript["link"]);

        using var reader = app.CreateReaderClient();
        var page = await reader.GetStringAsync($"/api/log/calls/{callId}");
        Assert.Contains("The transcript file is not valid JSON.", page);
        Assert.DoesNotContain("The JSON transcript is not valid JSON: ", page); // the parser's detail is for the API, not the page
    }

    private static async Task<JsonObject> CallAsync(CallaroApplication app, string callId)
    {
        using var reader = app.CreateReaderClient();
        using var response = await reader.GetAsync($"/api/calls/{callId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync())!;
    }
}
