using System.Globalization;
using Callaro.Ingestion.Benchmarks;

// Ingestion throughput for issue 3; bench/ingestion.sh starts Azurite and the app and runs this twice per round:
//   --mode http    signed Callaro events POSTed to the running app (/api/webhooks/callaro)
//   --mode direct  the same events through CallIngestor.IngestAsync in this process (no HTTP in front)
// Output: one "metric value" line per figure, for the script to compare.
var settings = BenchSettings.Parse(args);
var workload = Workload.Generate(settings.RunId, settings.Calls, settings.Seed, DateTimeOffset.UtcNow);
var warmUp = Workload.Generate(settings.RunId + "w", settings.WarmUpCalls, settings.Seed + 1, DateTimeOffset.UtcNow);

IEventSink sink = settings.Mode switch
{
    "http" => new HttpSink(settings.Url ?? throw new ArgumentException("--url is required for --mode http."), settings.Secret, settings.Concurrency),
    "direct" => new DirectSink(settings.ConnectionString ?? throw new ArgumentException("--connection is required for --mode direct."), settings.Prefix),
    _ => throw new ArgumentException($"--mode must be http or direct, not '{settings.Mode}'."),
};

await Driver.RunAsync(sink, warmUp, settings.Concurrency);
sink.ResetCounters();
var result = await Driver.RunAsync(sink, workload, settings.Concurrency);

void Print(string metric, double value) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{metric} {value:F2}"));
Print("events", result.Events);
Print("events_per_s", result.Events / result.Elapsed.TotalSeconds);
Print("p50_ms", result.Percentile(0.50));
Print("p99_ms", result.Percentile(0.99));
Print("failures", result.Failures);
if (sink.StorageRequests is { } requests) Print("transactions_per_event", (double)requests / result.Events);
return result.Failures == 0 ? 0 : 1;

internal sealed record BenchSettings(string Mode, string? Url, string? ConnectionString, string Prefix, string Secret, int Calls, int WarmUpCalls, int Concurrency, string RunId, int Seed)
{
    public static BenchSettings Parse(string[] args)
    {
        string? Arg(string name, string? fallback = null)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        int Number(string name, int fallback) => int.Parse(Arg(name, fallback.ToString(CultureInfo.InvariantCulture))!, CultureInfo.InvariantCulture);

        return new BenchSettings(
            Arg("mode", "direct")!,
            Arg("url"),
            Arg("connection", Environment.GetEnvironmentVariable("CALLARO_BENCH_STORAGE")),
            Arg("prefix", "bench")!,
            // The secret travels by environment so it never shows in a process listing.
            Environment.GetEnvironmentVariable("Callaro__Webhooks__SigningSecret") ?? "",
            Number("calls", 600),
            Number("warm-up-calls", 48),
            Number("concurrency", 16),
            Arg("run-id", Guid.NewGuid().ToString("N")[..8])!,
            Number("seed", 7));
    }
}
