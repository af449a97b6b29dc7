using Azure.Storage.Blobs;

namespace Callaro.FunctionsHost.Tests;

/// <summary>What the host keeps in storage across restarts (each test runs its own hosts).</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task ATimerFiresAndAfterAMissedOccurrenceTheNextHostRunsItPastDue()
    {
        var names = SampleApp.Names.Unique();
        const string everyTwoSeconds = "*/2 * * * * *";
        var first = await SampleApp.StartAsync(names, everyTwoSeconds);
        var fired = await first.WaitForInvocationAsync("Tick", cancellationToken: SampleApp.Deadline());
        Assert.StartsWith("Tick past due: False", Assert.Single(fired.Logs));
        await first.DisposeAsync();
        Assert.Equal(0, (await first.WorkerExited).ExitCode);

        await WaitUntilTheStoredNextOccurrenceHasPassedAsync(names.HostId);
        await using var second = await SampleApp.StartAsync(names, everyTwoSeconds);

        var afterRestart = await second.WaitForInvocationAsync("Tick", cancellationToken: SampleApp.Deadline());
        Assert.StartsWith("Tick past due: True", Assert.Single(afterRestart.Logs));
    }

    [Fact]
    public async Task ABlobSeenBeforeARestartDoesNotRunAgainButItsNewVersionDoes()
    {
        var names = SampleApp.Names.Unique();
        const string never = "0 0 0 1 1 *";
        var container = SampleApp.Blobs.GetBlobContainerClient(names.BlobContainer);
        await using (var first = await SampleApp.StartAsync(names, never))
        {
            await container.UploadBlobAsync("kept.wav", BinaryData.FromString("v1"));
            await WaitForBlobAsync(first, "kept.wav");
        }

        await using var second = await SampleApp.StartAsync(names, never);
        await container.UploadBlobAsync("after-restart.wav", BinaryData.FromString("x"));
        await WaitForBlobAsync(second, "after-restart.wav");
        Assert.DoesNotContain(second.Invocations, i => i.Logs.Any(l => l.StartsWith("Blob kept.wav ", StringComparison.Ordinal)));

        await container.GetBlobClient("kept.wav").UploadAsync(BinaryData.FromString("v2"), overwrite: true);
        await WaitForBlobAsync(second, "kept.wav");
    }

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

    private static Task<FunctionInvocation> WaitForBlobAsync(LocalFunctionsHost host, string name) =>
        host.WaitForInvocationAsync("BlobArrived", i => i.Succeeded && i.Logs.Any(l => l.StartsWith($"Blob {name} ", StringComparison.Ordinal)), SampleApp.Deadline());

    private static async Task WaitUntilTheStoredNextOccurrenceHasPassedAsync(string hostId)
    {
        var status = SampleApp.Blobs.GetBlobContainerClient("azure-webjobs-hosts").GetBlobClient($"timers/{hostId}/Host.Functions.Tick/status");
        var next = (await status.DownloadContentAsync()).Value.Content.ToObjectFromJson<Status>()!.Next;
        var deadline = SampleApp.Deadline(10);
        while (DateTime.UtcNow <= next)
        {
            await Task.Delay(100, deadline);
        }
    }

    private sealed record Status(DateTime Last, DateTime Next, DateTime LastUpdated);
}
