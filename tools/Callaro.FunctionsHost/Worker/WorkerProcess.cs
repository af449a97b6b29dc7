using System.Diagnostics;
using Callaro.FunctionsHost.Configuration;
using Microsoft.Extensions.Logging;

namespace Callaro.FunctionsHost.Worker;

/// <summary>The worker process, started with the arguments and environment the Functions host gives it.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private const int RememberedLines = 20;
    private readonly Process _process;
    private readonly Queue<string> _recentErrors = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process) => _process = process;

    /// <summary>Completes with the exit code when the process has exited and its output is read.</summary>
    public Task<int> Exited => _exited.Task;

    public int Id => _process.Id;

    /// <summary>The last lines the worker wrote to stderr, to say why it died.</summary>
    public string RecentErrors
    {
        get
        {
            lock (_recentErrors)
            {
                return string.Join(Environment.NewLine, _recentErrors);
            }
        }
    }

    public static ProcessStartInfo DescribeStart(WorkerConfig config, string appDirectory, Uri functionsUri, string workerId, AppSettings settings)
    {
        var start = new ProcessStartInfo(config.ExecutablePath)
        {
            WorkingDirectory = appDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in config.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (config.WorkerPath.Length > 0)
        {
            start.ArgumentList.Add(config.WorkerPath);
        }

        // Worker 2.x reads only the --functions-* form; the request id is the worker id, as the host sends it.
        string[] protocol =
        [
            "--functions-uri", functionsUri.ToString(),
            "--functions-worker-id", workerId,
            "--functions-request-id", workerId,
            "--functions-grpc-max-message-length", int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        foreach (var argument in protocol)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in settings.ForWorker)
        {
            start.Environment[name] = value;
        }

        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory;
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = RuntimeOf(config, settings);
        start.Environment["AZURE_FUNCTIONS_ENVIRONMENT"] = settings["AZURE_FUNCTIONS_ENVIRONMENT"] ?? "Development";
        // The worker's Kestrel picks its own port and announces it as HttpUri; an inherited URL would pin it.
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        start.Environment.Remove("ASPNETCORE_HTTPS_PORTS");
        return start;
    }

    /// <summary>The worker runtime (<c>dotnet-isolated</c>): the app setting, else worker.config.json's language.</summary>
    public static string RuntimeOf(WorkerConfig config, AppSettings settings) => settings["FUNCTIONS_WORKER_RUNTIME"] ?? config.Language;

    /// <exception cref="InvalidOperationException">The executable cannot be started.</exception>
    public static WorkerProcess Start(ProcessStartInfo start, ILogger console)
    {
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process);
        var outputDone = new CountdownEvent(2);
        process.OutputDataReceived += (_, line) => worker.OnOutput(line.Data, console, isError: false, outputDone);
        process.ErrorDataReceived += (_, line) => worker.OnOutput(line.Data, console, isError: true, outputDone);
        process.Exited += (_, _) => _ = worker.ReportExitAsync(outputDone);
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start the worker '{start.FileName}': {e.Message}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits up to the grace period for the worker to exit on its own, then kills it.</summary>
    public async Task StopAsync(TimeSpan gracePeriod)
    {
        try
        {
            await Exited.WaitAsync(gracePeriod);
        }
        catch (TimeoutException)
        {
            Kill();
            await Exited;
        }
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void OnOutput(string? line, ILogger console, bool isError, CountdownEvent outputDone)
    {
        if (line is null)
        {
            outputDone.Signal();
            return;
        }

        if (isError)
        {
            lock (_recentErrors)
            {
                _recentErrors.Enqueue(line);
                if (_recentErrors.Count > RememberedLines)
                {
                    _recentErrors.Dequeue();
                }
            }
        }

        console.Log(isError ? LogLevel.Error : LogLevel.Information, "{Line}", line);
    }

    private async Task ReportExitAsync(CountdownEvent outputDone)
    {
        // Exited can fire before the last output lines are read; the reason for a crash is usually in them.
        await Task.Run(() => outputDone.Wait(TimeSpan.FromSeconds(5)));
        _exited.TrySetResult(_process.ExitCode);
    }
}
