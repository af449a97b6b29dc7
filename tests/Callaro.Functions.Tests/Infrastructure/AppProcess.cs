using System.Diagnostics;

namespace Callaro.Functions.Tests.Infrastructure;

/// <summary>The app's executable run as a command-line tool.</summary>
internal static class AppProcess
{
    /// <summary>Runs the built app with a command (as run.sh provisions with it), in an empty folder so no local.settings.json is read.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string[] args, params (string Name, string Value)[] environment)
    {
        var folder = Directory.CreateTempSubdirectory("callaro-run-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Callaro.Functions.dll"));
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Callaro", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                start.Environment.Remove(name);
            }

            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("The app did not exit within 2 minutes:\n" + await stdout + await stderr);
            }

            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
