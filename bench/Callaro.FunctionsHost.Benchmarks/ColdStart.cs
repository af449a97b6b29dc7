using System.Diagnostics;

namespace Callaro.FunctionsHost.Benchmarks;

/// <summary>
/// Process start to first 200: the local host running an app (GET <c>--path</c>, default the sample app's
/// /sample/Hello), against the bare app's /sample/Hello, alternating which goes first so that drift on a shared
/// machine hits both sides alike. For the host it also reports the worker's share: from the host's "Worker process
/// started" line to the first 200, what a pre-warmed Functions host (Flex Consumption) leaves to the app.
/// </summary>
internal static class ColdStart
{
    public static async Task<int> RunAsync(Options options)
    {
        var runs = options.Int("runs");
        var port = options.Int("port-base");
        var path = options.TextOr("path", "/sample/Hello");
        var selfDll = typeof(ColdStart).Assembly.Location;
        // A slow first answer is part of the cold start, so the client waits for it rather than retrying.
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
        for (var run = 0; run < runs; run++)
        {
            Func<Task<Started>> host = () => MeasureAsync(client, "dotnet", [options.Text("host-dll"), "--app", options.Text("app"), "--port", $"{port}"], port, path);
            Func<Task<Started>> bare = () => MeasureAsync(client, "dotnet", [selfDll, "bare", "--port", $"{port + 1}"], port + 1, "/sample/Hello");
            // Whichever starts first finds the disk cache and the machine in a different state: every other run swaps.
            Started hostTime, bareTime;
            if (run % 2 == 0)
            {
                hostTime = await host();
                bareTime = await bare();
            }
            else
            {
                bareTime = await bare();
                hostTime = await host();
            }

            Console.WriteLine($"host start_ms {hostTime.FirstOk.TotalMilliseconds:0}");
            if (hostTime.WorkerLaunched is { } launched)
            {
                Console.WriteLine($"host worker_start_ms {(hostTime.FirstOk - launched).TotalMilliseconds:0}");
            }

            Console.WriteLine($"bare start_ms {bareTime.FirstOk.TotalMilliseconds:0}");
        }

        return 0;
    }

    private sealed record Started(TimeSpan FirstOk, TimeSpan? WorkerLaunched);

    private static async Task<Started> MeasureAsync(HttpClient client, string fileName, string[] arguments, int port, string path)
    {
        var start = new ProcessStartInfo(fileName, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        long workerLaunchedTicks = 0;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("Worker process started", StringComparison.Ordinal) == true)
            {
                Interlocked.CompareExchange(ref workerLaunchedTicks, clock.Elapsed.Ticks, 0);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode} before answering.");
                }

                if (clock.Elapsed > TimeSpan.FromSeconds(120))
                {
                    throw new TimeoutException($"{fileName} did not answer 200 within 120 s.");
                }

                try
                {
                    using var response = await client.GetAsync($"http://127.0.0.1:{port}{path}");
                    if (response.IsSuccessStatusCode)
                    {
                        var launched = Interlocked.Read(ref workerLaunchedTicks);
                        return new Started(clock.Elapsed, launched == 0 ? null : TimeSpan.FromTicks(launched));
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(5);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
