using System.Diagnostics;

namespace Callaro.FunctionsHost.Benchmarks;

/// <summary>
/// Requests/s and latency at a fixed concurrency through the host against the bare app, rounds alternating
/// after one unreported warm-up round per side. Prints one line per side, round and figure.
/// </summary>
internal static class Throughput
{
    public static async Task<int> RunAsync(Options options)
    {
        var concurrency = options.Int("concurrency");
        var duration = TimeSpan.FromSeconds(options.Int("seconds"));
        var rounds = options.Int("rounds");
        var sides = new[] { ("host", new Uri(options.Text("host"))), ("bare", new Uri(options.Text("bare"))) };
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { Timeout = TimeSpan.FromSeconds(30) };
        foreach (var (_, url) in sides)
        {
            await RoundAsync(client, url, concurrency, TimeSpan.FromSeconds(2));
        }

        var failures = 0;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (side, url) in sides)
            {
                var result = await RoundAsync(client, url, concurrency, duration);
                failures += result.Failures;
                Console.WriteLine($"{side} requests_per_s {result.Count / duration.TotalSeconds:0}");
                Console.WriteLine($"{side} p50_ms {Percentile(result.LatenciesMs, 0.50):0.00}");
                Console.WriteLine($"{side} p99_ms {Percentile(result.LatenciesMs, 0.99):0.00}");
            }
        }

        Console.WriteLine($"all failures {failures}");
        return failures == 0 ? 0 : 1;
    }

    private static async Task<Round> RoundAsync(HttpClient client, Uri url, int concurrency, TimeSpan duration)
    {
        var until = Stopwatch.StartNew();
        var failures = 0;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            var latencies = new List<double>();
            while (until.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(url);
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

    private sealed record Round(int Count, double[] LatenciesMs, int Failures);
}
