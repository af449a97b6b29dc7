namespace Callaro.FunctionsHost.Tests;

public sealed class WorkerLifecycleTests
{
    [Fact]
    public async Task AWorkerThatDiesIsReportedWithItsExitCode()
    {
        await using var host = await SampleApp.StartAsync(SampleApp.Names.Unique(), "0 0 0 1 1 *");

        System.Diagnostics.Process.GetProcessById(host.WorkerProcessId).Kill();

        var exit = await host.WorkerExited.WaitAsync(SampleApp.Deadline(30));
        Assert.False(exit.Expected);
        Assert.NotEqual(0, exit.ExitCode);
        Assert.StartsWith($"The worker process exited unexpectedly with code {exit.ExitCode}.", exit.Reason);
    }
}
