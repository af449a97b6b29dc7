using System.Diagnostics;

namespace Callaro.Deployment.Tests;

/// <summary>Runs the project's pinned Bicep compiler (tools/bicep/bicep.sh).</summary>
internal static class Bicep
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    public sealed record Result(int ExitCode, string Output, string Diagnostics);

    public static async Task<Result> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Repository.PathOf("tools/bicep/bicep.sh"))
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep.sh did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var diagnostics = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Deadline}.");
        }

        return new Result(process.ExitCode, await output, (await diagnostics).Trim());
    }
}
