namespace Callaro.FunctionsHost.Tests;

/// <summary>What the host keeps in storage (timer status, blob receipts) across a restart.</summary>
public sealed class RestartTests
{
    private const string EveryTwoSeconds = "*/2 * * * * *";

    [Fact]
    public async Task AfterARestartAMissedTimerRunsPastDueAndOnlyNewBlobVersionsRun()
    {
        var names = SampleApp.Names.Unique();
        var container = SampleApp.Blobs.GetBlobContainerClient(names.BlobContainer);
        var first = await SampleApp.StartAsync(names, EveryTwoSeconds);
        await container.UploadBlobAsync("kept.wav", BinaryData.FromString("v1"));
        var fired = await first.WaitForInvocationAsync("Tick", cancellationToken: SampleApp.Deadline());
        await WaitForBlobAsync(first, "kept.wav");
        Assert.StartsWith("Tick past due: False", Assert.Single(fired.Logs));
        await first.DisposeAsync();
        Assert.Equal(0, (await first.WorkerExited).ExitCode);

        await WaitUntilTheStoredNextOccurrenceHasPassedAsync(names.HostId);
        await using var second = await SampleApp.StartAsync(names, EveryTwoSeconds);

        var afterRestart = await second.WaitForInvocationAsync("Tick", cancellationToken: SampleApp.Deadline());
        Assert.StartsWith("Tick past due: True", Assert.Single(afterRestart.Logs));
        // A blob uploaded now is found by a scan that also lists kept.wav, whose receipt must keep it from running.
        await container.UploadBlobAsync("after-restart.wav", BinaryData.FromString("x"));
        await WaitForBlobAsync(second, "after-restart.wav");
        Assert.DoesNotContain(second.Invocations, i => i.Logs.Any(l => l.StartsWith("Blob kept.wav ", StringComparison.Ordinal)));
        await container.GetBlobClient("kept.wav").UploadAsync(BinaryData.FromString("v2"), overwrite: true);
        await WaitForBlobAsync(second, "kept.wav");
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
