using System.Runtime.InteropServices;
using Callaro.FunctionsHost;

// `Callaro.FunctionsHost --app <worker build output> [--port 7071]`: runs the app like `func start`.
var app = ".";
var port = 7071;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--app" or "--script-root" when i + 1 < args.Length:
            app = args[++i];
            break;
        case "--port" or "-p" when i + 1 < args.Length && int.TryParse(args[i + 1], out var chosen) && chosen is >= 0 and <= 65535:
            port = chosen;
            i++;
            break;
        case "-h" or "--help":
            Console.WriteLine("Usage: Callaro.FunctionsHost --app <isolated-worker build output> [--port <port, default 7071>]");
            return 0;
        default:
            Console.Error.WriteLine($"Unknown or incomplete argument '{args[i]}'. Usage: Callaro.FunctionsHost --app <dir> [--port <port>]");
            return 2;
    }
}

using var stop = new CancellationTokenSource();
// Ctrl-C and SIGTERM stop the host the orderly way: WorkerTerminate, then a clean exit.
Action<PosixSignalContext> requestStop = signal =>
{
    signal.Cancel = true;
    stop.Cancel();
};
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, requestStop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, requestStop);

LocalFunctionsHost host;
try
{
    host = await LocalFunctionsHost.StartAsync(new LocalFunctionsHostOptions { AppDirectory = app, Port = port, WriteToConsole = true }, stop.Token);
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"The Functions host could not start: {e.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    return 130;
}

await using (host)
{
    var stopped = Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    if (await Task.WhenAny(host.WorkerExited, stopped) == host.WorkerExited)
    {
        // The host has logged why; a worker that exits on its own is a failure even with code 0.
        var exit = await host.WorkerExited;
        return exit.ExitCode == 0 ? 1 : exit.ExitCode;
    }
}

return 0;
