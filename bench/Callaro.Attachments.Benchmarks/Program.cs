using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using Callaro.Core;
using Callaro.FunctionsHost;

// The recording trigger's cost per invocation: the published app under the local Functions host (host in this
// process, the worker its own process), recordings dropped into the container one at a time. Each invocation is
// measured from the moment its upload finished to the end of the invocation: the worker's CPU (/proc/<pid>/stat) and
// the invocation's duration. A 10 KiB recording is the baseline: with a BlobClient binding the cost of a 10 MiB one
// should be the same, because its content never travels through the host.
var app = Arg("--app") ?? throw new ArgumentException("--app <published app folder> is required");
var connection = Environment.GetEnvironmentVariable("CALLARO_BENCH_STORAGE") ?? throw new ArgumentException("CALLARO_BENCH_STORAGE is not set");
var count = int.Parse(Arg("--count") ?? "9", CultureInfo.InvariantCulture);
var names = new StorageNames("bench");

await using var host = await LocalFunctionsHost.StartAsync(new LocalFunctionsHostOptions
{
    AppDirectory = app,
    Port = 0,
    BlobScanInterval = TimeSpan.FromMilliseconds(100),
    Settings = new Dictionary<string, string?>
    {
        ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production",
        ["AzureWebJobsStorage"] = connection,
        ["CallaroStorage"] = connection,
        ["CallaroRecordingsContainer"] = names.RecordingsContainer,
        ["CallaroTranscriptsContainer"] = names.TranscriptsContainer,
        ["HealthReportSchedule"] = "0 0 0 1 1 *",
        ["Callaro__Storage__ConnectionString"] = connection,
        ["Callaro__Storage__NamePrefix"] = names.Prefix,
        ["Callaro__PublicBaseUrl"] = "http://127.0.0.1",
        ["Callaro__Webhooks__SigningSecret"] = "bench-" + Guid.NewGuid().ToString("N"),
        ["Callaro__Twilio__AuthToken"] = "bench-unused-" + Guid.NewGuid().ToString("N"),
        ["Callaro__Vonage__SignatureSecret"] = "bench-unused-" + Guid.NewGuid().ToString("N"),
    },
});
var container = new BlobServiceClient(connection).GetBlobContainerClient(names.RecordingsContainer);

Console.WriteLine($"recording trigger, {count} invocations per size (after one warm-up), worker pid {host.WorkerProcessId}");
var baseline = await MeasureAsync(10 * 1024);
var large = await MeasureAsync(10 * 1024 * 1024);
Console.WriteLine();
Console.WriteLine($"{"per invocation (median)",-34} {"10 KiB",12} {"10 MiB",12} {"ratio",7}");
Row("duration ms", baseline.DurationMs, large.DurationMs);
Row("worker CPU ms", baseline.WorkerCpuMs, large.WorkerCpuMs);
return 0;

async Task<Figures> MeasureAsync(int bytes)
{
    var wav = Wav(bytes);
    var samples = new List<Figures>();
    for (var i = -1; i < count; i++)
    {
        var name = $"bench-{bytes}-{Guid.NewGuid():N}.wav";
        var fired = host.WaitForInvocationAsync("RecordingBlobTrigger", inv => inv.Reason.Contains(name, StringComparison.Ordinal),
            new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        await container.GetBlobClient(name).UploadAsync(new BinaryData(wav));
        var before = Snapshot(host.WorkerProcessId);
        var invocation = await fired;
        var after = Snapshot(host.WorkerProcessId);
        if (!invocation.Succeeded) throw new InvalidOperationException($"The trigger failed: {invocation.Error}");
        if (i >= 0)
        {
            samples.Add(new Figures(invocation.Duration.TotalMilliseconds, after - before));
        }
    }

    return new Figures(Median(samples.Select(s => s.DurationMs)), Median(samples.Select(s => s.WorkerCpuMs)));
}

// The worker's CPU time so far, in ms (utime + stime, in clock ticks of 10 ms).
static double Snapshot(int workerPid)
{
    var stat = File.ReadAllText($"/proc/{workerPid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    return ticks * 10.0;
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

static void Row(string name, double small, double big) =>
    Console.WriteLine($"{name,-34} {small,12:F1} {big,12:F1} {(small > 0 ? big / small : double.NaN),7:F2}");

// A mono 8 kHz 16-bit PCM WAV of silence, of about the given size.
static byte[] Wav(int bytes)
{
    var data = Math.Max(0, bytes - 44) & ~1;
    var wav = new byte[44 + data];
    using var w = new BinaryWriter(new MemoryStream(wav));
    w.Write("RIFF"u8); w.Write(36 + data); w.Write("WAVE"u8);
    w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1); w.Write(8000); w.Write(16000); w.Write((short)2); w.Write((short)16);
    w.Write("data"u8); w.Write(data);
    return wav;
}

string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

internal sealed record Figures(double DurationMs, double WorkerCpuMs);
