using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Callaro.FunctionsHost.Tests;

/// <summary>The host as a person runs it: <c>dotnet Callaro.FunctionsHost.dll --app … --port …</c>.</summary>
public sealed class CommandLineTests
{
    private static readonly string HostDll = Path.Combine(
        typeof(CommandLineTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "HostDirectory").Value!,
        "Callaro.FunctionsHost.dll");

    [Fact]
    public async Task APortInUseIsOneLineSayingSoAndAFailingExitWithoutStartingTheWorker()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, output, errors) = await RunHostAsync("--app", SampleApp.Directory, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, exitCode);
        Assert.Equal(
            $"The Functions host could not start: Port {port} is unavailable. Close the process using that port, or choose another one with --port.",
            errors.Trim());
        Assert.DoesNotContain("Worker process started", output);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunHostAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(HostDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync(SampleApp.Deadline(60));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The host did not exit within 60 s:\n" + await output + await errors);
        }

        return (process.ExitCode, await output, await errors);
    }
}
