using System.Globalization;
using Callaro.Ingestion.Benchmarks;

// Ingestion throughput for issue 3; bench/ingestion.sh starts Azurite and the app and runs this once. Both sides
// live in this one process for the whole run (so both are equally warm, like the long-running app) and take turns:
//   http    signed Callaro events POSTed to the running app (/api/webhooks/callaro)
//   direct  the same kind of events through CallIngestor.IngestAsync here (no HTTP in front)
// One warm-up round per side (400 calls, so the app's hot methods reach tier-1 code) is not reported. Output: "side metric value" lines, one set per round.
// "cost": the storage inputs of docs/cost.md (bench/cost.sh), on the same workload.
var settings = BenchSettings.Parse(args);
if (args is ["cost", ..])
{
    var storage = settings.ConnectionString ?? throw new ArgumentException("Give --connection (Azurite) or set CALLARO_BENCH_STORAGE.");
    return await CostInputs.RunAsync(storage, settings.Calls, settings.RecordingBytesPerSecond);
}

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
        var appCpuBefore = ProcessCpu.Of(settings.AppPid);
        var selfCpuBefore = ProcessCpu.Of(Environment.ProcessId);
        var result = await Driver.RunAsync(sink, calls, settings.Concurrency);
        var appCpu = ProcessCpu.Of(settings.AppPid) - appCpuBefore;
        var selfCpu = ProcessCpu.Of(Environment.ProcessId) - selfCpuBefore;
        failed |= result.Failures > 0;
        if (round == 0) continue;

        void Print(string metric, double value) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {metric} {value:F2}"));
        Print("events", result.Events);
        Print("events_per_s", result.Events / result.Elapsed.TotalSeconds);
        Print("p50_ms", result.Percentile(0.50));
        Print("p99_ms", result.Percentile(0.99));
        Print("failures", result.Failures);
        // CPU per event is steadier than events/s on a shared machine: it shows what each side costs.
        Print("bench_cpu_ms_per_event", selfCpu.TotalMilliseconds / result.Events);
        if (name == "http" && settings.AppPid is not null) Print("app_cpu_ms_per_event", appCpu.TotalMilliseconds / result.Events);
        if (sink.StorageRequests is { } requests) Print("transactions_per_event", (double)requests / result.Events);
    }
}

return failed ? 1 : 0;

internal sealed record BenchSettings(string? Url, string? ConnectionString, string Prefix, string Secret, int Calls, int WarmUpCalls, int Rounds, int Concurrency, string RunId, int Seed, int? AppPid, int RecordingBytesPerSecond)
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
            Number("warm-up-calls", 400),
            Number("rounds", 3),
            Number("concurrency", 16),
            Arg("run-id", Guid.NewGuid().ToString("N")[..8])!,
            Number("seed", 7),
            Arg("app-pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null,
            // 32 kbit/s: a mono telephone-quality MP3, as providers store recordings.
            Number("recording-bytes-per-second", 4000));
    }
}

/// <summary>User + system CPU time of a process, from /proc (Linux); zero elsewhere or when no pid is given.</summary>
internal static class ProcessCpu
{
    public static TimeSpan Of(int? pid)
    {
        if (pid is null || !File.Exists($"/proc/{pid}/stat")) return TimeSpan.Zero;
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are 14th and 15th.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
    }
}
