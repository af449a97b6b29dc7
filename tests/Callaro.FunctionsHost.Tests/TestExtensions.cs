using System.Collections.Concurrent;

namespace Callaro.FunctionsHost.Tests;

internal static class TestExtensions
{
    /// <summary>Waits until a line of <paramref name="functionName"/> with that message has been logged.</summary>
    public static async Task WaitForLogAsync(this LocalFunctionsHost host, ConcurrentQueue<HostLogEntry> logs, string functionName, string message)
    {
        var deadline = SampleApp.Deadline(30);
        while (!logs.Any(l => l.FunctionName == functionName && l.Message == message))
        {
            Assert.False(host.WorkerExited.IsCompleted, "The worker exited.");
            await Task.Delay(50, deadline);
        }
    }
}
