using System.Globalization;
using Callaro.Ingestion.Benchmarks;

// Ingestion throughput for issue 3; bench/ingestion.sh starts Azurite and the app and runs this once. Both sides
// live in this one process for the whole run (so both are equally warm, like the long-running app) and take turns:
//   http    signed Callaro events POSTed to the running app (/api/webhooks/callaro)
//   direct  the same kind of events through CallIngestor.IngestAsync here (no HTTP in front)
// One warm-up round per side is not reported. Output: "side metric value" lines, one set per round.
var settings = BenchSettings.Parse(args);
var sides = new List<(string Name, IEventSink Sink)>();
if (settings.Url is { } url) sides.Add(("http", new HttpSink(url, settings.Secret, settings.Concurrency)));
if (settings.ConnectionString is { } connection) sides.Add(("direct", new DirectSink(connection, settings.Prefix)));
if (sides.Count == 0) throw new ArgumentException("Give --url (the app, for the HTTP side) and/or --connection (Azurite, for the direct side).");

var failed = false;
for (var round = 0; round <= settings.Rounds; round++)
{
    foreach (var (name, sink) in sides)
    {
        // Fresh call ids every round and side: each round ingests new calls, never duplicates.
        var calls = Workload.Generate($"{settings.RunId}{name[0]}{round}", round == 0 ? settings.WarmUpCalls : settings.Calls, settings.Seed + round, DateTimeOffset.UtcNow);
        await Console.Error.WriteLineAsync(round == 0 ? $"warm-up: {name}..." : $"round {round}/{settings.Rounds}: {name}...");
        sink.ResetCounters();
        var result = await Driver.RunAsync(sink, calls, settings.Concurrency);
        failed |= result.Failures > 0;
        if (round == 0) continue;

        void Print(string metric, double value) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {metric} {value:F2}"));
        Print("events", result.Events);
        Print("events_per_s", result.Events / result.Elapsed.TotalSeconds);
        Print("p50_ms", result.Percentile(0.50));
        Print("p99_ms", result.Percentile(0.99));
        Print("failures", result.Failures);
        if (sink.StorageRequests is { } requests) Print("transactions_per_event", (double)requests / result.Events);
    }
}

return failed ? 1 : 0;

internal sealed record BenchSettings(string? Url, string? ConnectionString, string Prefix, string Secret, int Calls, int WarmUpCalls, int Rounds, int Concurrency, string RunId, int Seed)
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
            Arg("url"),
            Arg("connection", Environment.GetEnvironmentVariable("CALLARO_BENCH_STORAGE")),
            Arg("prefix", "bench")!,
            // The secret travels by environment so it never shows in a process listing.
            Environment.GetEnvironmentVariable("Callaro__Webhooks__SigningSecret") ?? "",
            Number("calls", 600),
            Number("warm-up-calls", 150),
            Number("rounds", 3),
            Number("concurrency", 16),
            Arg("run-id", Guid.NewGuid().ToString("N")[..8])!,
            Number("seed", 7));
    }
}
