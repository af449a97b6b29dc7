using System.Diagnostics;

namespace Callaro.FunctionsHost.Benchmarks;

/// <summary>
/// Process start to first 200 on GET /sample/Hello: the local host running the sample app, against the bare
/// app, alternating which goes first so that drift on a shared machine hits both sides alike.
/// </summary>
internal static class ColdStart
{
    public static async Task<int> RunAsync(Options options)
    {
        var runs = options.Int("runs");
        var port = options.Int("port-base");
        var selfDll = typeof(ColdStart).Assembly.Location;
        // A slow first answer is part of the cold start, so the client waits for it rather than retrying.
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
        for (var run = 0; run < runs; run++)
        {
            Func<Task<TimeSpan>> host = () => MeasureAsync(client, "dotnet", [options.Text("host-dll"), "--app", options.Text("app"), "--port", $"{port}"], port);
            Func<Task<TimeSpan>> bare = () => MeasureAsync(client, "dotnet", [selfDll, "bare", "--port", $"{port + 1}"], port + 1);
            // Whichever starts first finds the disk cache and the machine in a different state: every other run swaps.
            TimeSpan hostTime, bareTime;
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

            Console.WriteLine($"host start_ms {hostTime.TotalMilliseconds:0}");
            Console.WriteLine($"bare start_ms {bareTime.TotalMilliseconds:0}");
        }

        return 0;
    }

    private static async Task<TimeSpan> MeasureAsync(HttpClient client, string fileName, string[] arguments, int port)
    {
        var start = new ProcessStartInfo(fileName, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
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
                    using var response = await client.GetAsync($"http://127.0.0.1:{port}/sample/Hello");
                    if (response.IsSuccessStatusCode)
                    {
                        return clock.Elapsed;
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
