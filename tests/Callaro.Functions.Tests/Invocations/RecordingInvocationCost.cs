using System.Diagnostics;
using System.Net;
using System.Text;
using Callaro.Core.Attachments;
using Callaro.Functions.Invocations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Callaro.Functions.Tests.Invocations;

/// <summary>
/// What one recording invocation costs the app when the host ships a 10 MB recording base64 in the payload,
/// against a name-only payload. Real Kestrel on loopback, the real payload reader; no storage (the handler
/// stops after reading what the recording endpoint reads). Figures go to the test output:
/// <c>dotnet test tests/Callaro.Functions.Tests --filter RecordingInvocationCost --logger "console;verbosity=detailed"</c>
/// </summary>
public sealed class RecordingInvocationCost(ITestOutputHelper output)
{
    private const int RecordingBytes = 10 * 1024 * 1024;
    private const int Runs = 10;

    [Fact]
    public async Task NameOnlyPayloadCostsAFractionOfTheBase64Payload()
    {
        await using var app = await StartAsync();
        using var client = new HttpClient { BaseAddress = app.Urls.Select(u => new Uri(u)).First() };

        var recording = new byte[RecordingBytes];
        Random.Shared.NextBytes(recording);
        var withContent = Payload(Convert.ToBase64String(recording));
        var nameOnly = Payload(null);

        var header = await MeasureAsync(client, "HeaderOnly", withContent);
        var full = await MeasureAsync(client, "FullDecode", withContent);
        var light = await MeasureAsync(client, "HeaderOnly", nameOnly);

        output.WriteLine($"10 MiB recording, {Runs} invocations each after warm-up, Kestrel on loopback, {Environment.ProcessorCount} cores:");
        output.WriteLine(Line("base64 content, header decoded (Callaro)", withContent.Length, header));
        output.WriteLine(Line("base64 content, whole blob decoded", withContent.Length, full));
        output.WriteLine(Line("name-only payload (+1 HEAD/range GET)", nameOnly.Length, light));

        Assert.True(withContent.Length > RecordingBytes * 4 / 3, "the host payload is the blob base64: 4/3 of its size");
        // Time and allocation are figures for the output, not assertions: other tests run in parallel in this
        // process, so process-wide counters are not this invocation's alone.
    }

    private static string Line(string what, long payloadBytes, (TimeSpan Median, long AllocatedBytes) m) =>
        $"  {what,-44} payload {payloadBytes / 1024.0 / 1024.0,7:F2} MiB  median {m.Median.TotalMilliseconds,7:F1} ms  allocated {m.AllocatedBytes / 1024.0 / 1024.0,7:F2} MiB/invocation";

    private static byte[] Payload(string? base64)
    {
        var data = base64 is null ? "{}" : $"{{\"blob\":\"{base64}\"}}";
        var metadata = "{\"name\":\"acme/CA0001.wav\",\"BlobTrigger\":\"recordings/acme/CA0001.wav\"," +
            "\"Uri\":\"https://account.blob.core.windows.net/recordings/acme/CA0001.wav\"," +
            $"\"Properties\":{{\"ContentLength\":{RecordingBytes},\"ContentType\":\"audio/wav\",\"ETag\":\"\\\"0x8DC1234567890AB\\\"\",\"LastModified\":\"2026-11-21T08:00:00+00:00\"}}," +
            "\"Metadata\":{},\"sys\":{\"MethodName\":\"RecordingBlobTrigger\",\"UtcNow\":\"2026-11-21T08:00:01Z\",\"RandGuid\":\"5f1c\"}}";
        return Encoding.UTF8.GetBytes($"{{\"Data\":{data},\"Metadata\":{metadata}}}");
    }

    private static async Task<(TimeSpan Median, long AllocatedBytes)> MeasureAsync(HttpClient client, string function, byte[] payload)
    {
        async Task PostAsync()
        {
            using var content = new ByteArrayContent(payload);
            content.Headers.ContentType = new("application/json");
            using var response = await client.PostAsync(function, content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await PostAsync(); // warm-up: JIT, connection
        GC.Collect();
        var times = new List<TimeSpan>();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await PostAsync();
            times.Add(watch.Elapsed);
        }
        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - before) / Runs;
        times.Sort();
        return (times[Runs / 2], allocated);
    }

    private static async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapInvocation("HeaderOnly", (invocation, _, _) =>
        {
            // Exactly what the recording endpoint does with the content: the WAV header, nothing more.
            if (BlobTriggerInput.Content(invocation) is { } content)
                Assert.True(HostValues.TryDecodeBase64Prefix(content, RecordingMetadata.HeaderBytes, out _));
            return Task.FromResult(InvocationResponse.Success());
        });
        app.MapInvocation("FullDecode", (invocation, _, _) =>
        {
            Assert.True(BlobTriggerInput.Content(invocation)!.Value.TryGetBytesFromBase64(out _));
            return Task.FromResult(InvocationResponse.Success());
        });
        await app.StartAsync();
        return app;
    }
}
