using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Callaro.EndToEnd.Tests.Functions;

/// <summary>
/// The published app under the local Functions host, as providers, managers and operators reach it: signed webhooks
/// in, the call log out, access refused to strangers, a recording dropped into its container attached by the blob
/// trigger, and the health-report timer run through the admin API. One app for the class; each test uses its own calls.
/// </summary>
public sealed class PublishedAppTests(PublishedAppTests.App app) : IClassFixture<PublishedAppTests.App>
{
    private const string ReaderKey = "e2e-reader-key-2b8d";
    private const string OtherWorkspaceKey = "e2e-other-key-71c3";
    private const string AdminKey = "e2e-admin-key-0e5a";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public sealed class App : IAsyncLifetime
    {
        public PublishedApp Site { get; private set; } = null!;

        public async Task InitializeAsync() => Site = await PublishedApp.StartAsync(
        [
            ("e2e reader", ReaderKey, "telephony", "default"),
            ("e2e other workspace", OtherWorkspaceKey, "telephony", "other"),
            ("e2e admin", AdminKey, "admin", "*"),
        ]);

        public async Task DisposeAsync() => await Site.DisposeAsync();
    }

    private PublishedApp Site => app.Site;

    [Fact]
    public void ThePublishedFolderIsAnIsolatedWorkerAppWithEveryFunction()
    {
        var folder = PublishedApp.AppDirectory;
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "functions.metadata")));
        var names = metadata.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToHashSet();

        Assert.Contains("CallaroWebhook", names);
        Assert.Contains("RecordingBlobTrigger", names);
        Assert.Contains("HealthReportTimer", names);
        Assert.True(File.Exists(Path.Combine(folder, "worker.config.json")));
        Assert.True(File.Exists(Path.Combine(folder, "extensions.json")));
        Assert.True(File.Exists(Path.Combine(folder, ".azurefunctions", "Microsoft.Azure.Functions.Worker.Extensions.dll")));
        Assert.DoesNotContain("customHandler", File.ReadAllText(Path.Combine(folder, "host.json")));
        Assert.Equal(names.Count, Site.Host.Functions.Count);
    }

    [Fact]
    public async Task ASignedEventIsStoredAndListedForAReaderOfItsWorkspace()
    {
        var callId = NewCallId();
        using var provider = Site.CreateClient();

        var stored = await provider.SendAsync(SignedCallaroEvent(callId, "call.missed"));

        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal(1, (await stored.Content.ReadFromJsonAsync<JsonObject>())!["accepted"]!.GetValue<int>());
        using var reader = Site.CreateClient(ReaderKey);
        var call = await reader.GetFromJsonAsync<JsonObject>($"/api/calls/{callId}");
        Assert.Equal("missed", call!["status"]!.GetValue<string>());
        Assert.True(call["alert"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ADeliveryWithABadSignatureIs401ProblemJsonAndStoresNothing()
    {
        var callId = NewCallId();
        using var provider = Site.CreateClient();
        var request = SignedCallaroEvent(callId, "call.missed");
        request.Headers.Remove("X-Callaro-Signature");
        request.Headers.Add("X-Callaro-Signature", $"t={DateTimeOffset.UtcNow.ToUnixTimeSeconds()},v1={new string('0', 64)}");

        var answer = await provider.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        using var reader = Site.CreateClient(ReaderKey);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/calls/{callId}")).StatusCode);
    }

    [Fact]
    public async Task TheLogRefusesStrangersAndOtherWorkspacesWithProblemJson()
    {
        using var stranger = Site.CreateClient();
        using var other = Site.CreateClient(OtherWorkspaceKey);

        var anonymous = await stranger.GetAsync("/api/calls");
        var elsewhere = await other.GetAsync("/api/calls?workspace=default");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        Assert.Contains("may not read workspace 'default'", await elsewhere.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnswersAreNeitherSniffedNorCached()
    {
        using var reader = Site.CreateClient(ReaderKey);

        var answer = await reader.GetAsync("/api/calls");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(answer.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task ARecordingDroppedIntoItsContainerIsAttachedByTheBlobTrigger()
    {
        var callId = NewCallId();
        using (var provider = Site.CreateClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await provider.SendAsync(SignedCallaroEvent(callId, "call.completed"))).StatusCode);
        }

        var fired = Site.Host.WaitForInvocationAsync(
            "RecordingBlobTrigger", i => i.Reason.Contains(callId, StringComparison.Ordinal), new CancellationTokenSource(Deadline).Token);
        await Site.Blobs.GetBlobContainerClient(Site.Names.RecordingsContainer).UploadBlobAsync($"{callId}.wav", BinaryData.FromBytes(Wav(seconds: 2)));
        var invocation = await fired;

        Assert.True(invocation.Succeeded, invocation.Error);
        using var reader = Site.CreateClient(ReaderKey);
        var recording = await reader.GetAsync($"/api/calls/{callId}/recording");
        Assert.Equal(HttpStatusCode.Redirect, recording.StatusCode);
        Assert.Contains($"{callId}.wav", recording.Headers.Location!.ToString());
    }

    [Fact]
    public async Task TheHealthReportTimerRunsThroughTheAdminApi()
    {
        using var operatorClient = Site.CreateClient();
        var ran = Site.Host.WaitForInvocationAsync("HealthReportTimer", cancellationToken: new CancellationTokenSource(Deadline).Token);

        var accepted = await operatorClient.PostAsJsonAsync("/admin/functions/HealthReportTimer", new { input = "" });
        var unknown = await operatorClient.PostAsJsonAsync("/admin/functions/NoSuchFunction", new { input = "" });

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var invocation = await ran;
        Assert.True(invocation.Succeeded, invocation.Error);
    }

    private static string NewCallId() => "e2e-" + Guid.NewGuid().ToString("N")[..12];

    private static HttpRequestMessage SignedCallaroEvent(string callId, string type)
    {
        var started = DateTimeOffset.UtcNow.AddMinutes(-3);
        var json = new JsonObject
        {
            ["id"] = $"{callId}-{type}",
            ["type"] = type,
            ["occurredAt"] = Iso(started.AddMinutes(2)),
            ["callId"] = callId,
            ["workspaceId"] = "default",
            ["direction"] = "incoming",
            ["caller"] = "+4915100000001",
            ["callee"] = "+4930555000",
            ["startedAt"] = Iso(started),
            ["endedAt"] = Iso(started.AddMinutes(2)),
        };
        if (type == "call.completed")
        {
            json["answeredAt"] = Iso(started.AddSeconds(10));
            json["durationSeconds"] = 110;
        }

        var body = Encoding.UTF8.GetBytes(json.ToJsonString());
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        byte[] signed = [.. Encoding.UTF8.GetBytes($"{t}."), .. body];
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(PublishedApp.WebhookSigningSecret), signed);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/callaro") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Callaro-Signature", $"t={t},v1={Convert.ToHexStringLower(mac)}");
        return request;
    }

    private static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A mono 8 kHz 16-bit PCM WAV of silence.</summary>
    private static byte[] Wav(int seconds)
    {
        const int rate = 8000;
        var data = rate * 2 * seconds;
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write("RIFF"u8); w.Write(36 + data); w.Write("WAVE"u8);
        w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1); w.Write(rate); w.Write(rate * 2); w.Write((short)2); w.Write((short)16);
        w.Write("data"u8); w.Write(data); w.Write(new byte[data]);
        w.Flush();
        return stream.ToArray();
    }
}
