using System.Net;
using Callaro.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Callaro.Functions.Tests.Attachments;

public sealed class RecordingLinkTests
{
    private static readonly HttpClient Outside = new(new HttpClientHandler { AllowAutoRedirect = false });

    private static async Task<(CallaroApplication App, string CallId, byte[] Audio)> AppWithRecordingAsync(TimeProvider? clock = null)
    {
        var app = AttachmentKit.CreateApp();
        if (clock is not null) app.WithServices(s => s.Replace(ServiceDescriptor.Singleton(clock)));
        var callId = AttachmentKit.NewCallId();
        var audio = TestAudio.Wav(channels: 1, seconds: 1);
        await app.IngestCallAsync(callId);
        await app.UploadRecordingAsync($"{callId}.wav", audio, "audio/wav");
        await app.TriggerRecordingAsync($"{callId}.wav");
        return (app, callId, audio);
    }

    [Fact]
    public async Task ReaderIsRedirectedToAShortLivedLinkThatFetchesTheBytes()
    {
        var (app, callId, audio) = await AppWithRecordingAsync();
        using var _ = app;
        using var reader = app.CreateReaderClient();

        using var response = await reader.GetAsync($"/api/calls/{callId}/recording");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var link = response.Headers.Location!;
        Assert.Contains("sig=", link.Query);
        Assert.Contains("sp=r", link.Query);
        Assert.Equal(audio, await Outside.GetByteArrayAsync(link));
    }

    [Fact]
    public async Task LinkCanBeAskedForAsJsonWithItsExpiryInMinutes()
    {
        var (app, callId, _) = await AppWithRecordingAsync();
        using var _1 = app;
        using var reader = app.CreateReaderClient();

        using var response = await reader.GetAsync($"/api/calls/{callId}/recording?redirect=false");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.ReadJsonAsync())!;
        var expiresIn = DateTimeOffset.Parse(body["expiresOn"]!.GetValue<string>()) - DateTimeOffset.UtcNow;
        Assert.InRange(expiresIn, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(15));
        Assert.Equal("audio/wav", body["contentType"]!.GetValue<string>());
        Assert.Equal(1.0, body["durationSeconds"]!.GetValue<double>());
        Assert.Equal(HttpStatusCode.OK, (await Outside.GetAsync(body["url"]!.GetValue<string>())).StatusCode);
    }

    [Fact]
    public async Task LinkStopsWorkingWhenItExpires()
    {
        // The app's clock runs (lifetime - 3 s) behind, so the link it signs for "10 minutes" expires 3 s from now.
        var (app, callId, _) = await AppWithRecordingAsync(new ShiftedClock(-(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(3))));
        using var _1 = app;
        using var reader = app.CreateReaderClient();
        using var response = await reader.GetAsync($"/api/calls/{callId}/recording");
        var link = response.Headers.Location!;
        Assert.Equal(HttpStatusCode.OK, (await Outside.GetAsync(link)).StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.Forbidden, (await Outside.GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task CallWithoutRecordingIsA404ThatSaysHowRecordingsArrive()
    {
        using var app = AttachmentKit.CreateApp();
        using var reader = app.CreateReaderClient();

        using var response = await reader.GetAsync($"/api/calls/{AttachmentKit.NewCallId()}/recording");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("recordings container", problem.Detail);
    }

    [Fact]
    public async Task RecordingNeedsCredentialsAndAccessToTheWorkspace()
    {
        var (app, callId, _) = await AppWithRecordingAsync();
        using var _1 = app;
        using var anonymous = app.CreateAnonymousClient();
        using var otherWorkspace = app.CreateOtherWorkspaceClient();
        using var noTelephony = app.CreateNoTelephonyClient();

        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync($"/api/calls/{callId}/recording"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await otherWorkspace.GetAsync($"/api/calls/{callId}/recording"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await noTelephony.GetAsync($"/api/calls/{callId}/transcript"), HttpStatusCode.Forbidden);
    }

    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
