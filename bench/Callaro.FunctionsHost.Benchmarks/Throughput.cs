using System.Diagnostics;

namespace Callaro.FunctionsHost.Benchmarks;

/// <summary>
/// Requests/s, latency and CPU per request at a fixed concurrency for three sides serving the same handler:
/// through the host (a separate process, with its worker), the worker alone (reached on its HttpUri) and the
/// bare app. One unreported warm-up round per side, then rounds in which the side that goes first rotates.
/// Prints one line per side, round and figure.
/// </summary>
internal static class Throughput
{
    public static async Task<int> RunAsync(Options options)
    {
        var concurrency = options.Int("concurrency");
        var duration = TimeSpan.FromSeconds(options.Int("seconds"));
        var rounds = options.Int("rounds");
        var clockTicks = options.Int("clock-ticks");
        var hostPid = options.Int("host-pid");
        var bareUrl = new Uri(options.Text("bare"));
        var hostUrl = new Uri(options.Text("host"));
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { Timeout = TimeSpan.FromSeconds(30) };
        var alone = await WorkerAlone.StartAsync(options.Text("app"), options.Text("function"), hostUrl.PathAndQuery);
        try
        {
            Side[] sides =
            [
                new("host", () => client.GetAsync(hostUrl), [("host_cpu_ms", hostPid), ("worker_cpu_ms", ProcessCpu.ChildOf(hostPid))]),
                new("worker", () => alone.SendAsync(client), [("worker_cpu_ms", alone.WorkerProcessId)]),
                new("bare", () => client.GetAsync(bareUrl), [("bare_cpu_ms", options.Int("bare-pid"))]),
            ];
            // As long as a measured round: the runtime keeps recompiling hot code for a few seconds under load.
            foreach (var side in sides)
            {
                await RoundAsync(side, concurrency, duration);
            }

            var failures = 0;
            for (var round = 0; round < rounds; round++)
            {
                foreach (var side in sides.Skip(round % sides.Length).Concat(sides.Take(round % sides.Length)))
                {
                    var before = side.Processes.Select(p => ProcessCpu.Of(p.Pid, clockTicks)).ToArray();
                    var result = await RoundAsync(side, concurrency, duration);
                    var after = side.Processes.Select(p => ProcessCpu.Of(p.Pid, clockTicks)).ToArray();
                    failures += result.Failures;
                    Console.WriteLine($"{side.Name} requests_per_s {result.Count / duration.TotalSeconds:0}");
                    Console.WriteLine($"{side.Name} p50_ms {Percentile(result.LatenciesMs, 0.50):0.00}");
                    Console.WriteLine($"{side.Name} p99_ms {Percentile(result.LatenciesMs, 0.99):0.00}");
                    for (var i = 0; i < side.Processes.Length; i++)
                    {
                        Console.WriteLine($"{side.Name} {side.Processes[i].Figure} {(after[i] - before[i]).TotalMilliseconds / result.Count:0.000}");
                    }
                }
            }

            Console.WriteLine($"all failures {failures}");
            return failures == 0 ? 0 : 1;
        }
        finally
        {
            await alone.DisposeAsync();
        }
    }

    private static async Task<Round> RoundAsync(Side side, int concurrency, TimeSpan duration)
    {
        var until = Stopwatch.StartNew();
        var failures = 0;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            var latencies = new List<double>();
            while (until.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await side.SendAsync();
                var body = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode || body != "hello")
                {
                    Interlocked.Increment(ref failures);
                }

                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return latencies;
        });
        var all = (await Task.WhenAll(workers)).SelectMany(l => l).Order().ToArray();
        return new Round(all.Length, all, failures);
    }

    private static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(fraction * sorted.Length))];

    /// <param name="Processes">The processes whose CPU time per request is reported, by figure name.</param>
    private sealed record Side(string Name, Func<Task<HttpResponseMessage>> SendAsync, (string Figure, int Pid)[] Processes);

    private sealed record Round(int Count, double[] LatenciesMs, int Failures);
}
