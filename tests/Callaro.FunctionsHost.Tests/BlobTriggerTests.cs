using System.Text.Json;
using Azure.Storage.Blobs;

namespace Callaro.FunctionsHost.Tests;

[Collection(SampleAppCollection.Name)]
public sealed class BlobTriggerTests(SampleAppFixture app)
{
    private BlobContainerClient Blobs => SampleApp.Blobs.GetBlobContainerClient(app.Names.BlobContainer);

    [Fact]
    public async Task EachBlobVersionRunsOnceWithAClientForTheBlob()
    {
        var name = $"recording-{Guid.NewGuid():N}.wav";
        var first = await Blobs.UploadBlobAsync(name, BinaryData.FromString("first version"));
        await WaitForBlobAsync(name, first.Value.ETag.ToString());

        // A later blob is found by a later scan, which also saw the first one again: it must not have run twice.
        var marker = $"marker-{Guid.NewGuid():N}";
        await Blobs.UploadBlobAsync(marker, BinaryData.FromString("x"));
        await WaitForBlobAsync(marker, null);
        Assert.Single(RunsFor(name));

        var second = await Blobs.GetBlobClient(name).UploadAsync(BinaryData.FromString("second, longer version"), overwrite: true);
        var rerun = await WaitForBlobAsync(name, second.Value.ETag.ToString());
        Assert.Contains($"Blob {name} version {second.Value.ETag} has 22 bytes", rerun.Logs);
    }

    [Fact]
    public async Task StringParametersGetTheContentAndPathVariablesBind()
    {
        var texts = SampleApp.Blobs.GetBlobContainerClient(app.Names.TextContainer);
        await texts.UploadBlobAsync("greeting.txt", BinaryData.FromString("hello from storage"));

        var invocation = await app.Host.WaitForInvocationAsync(
            "TextArrived", i => i.Logs.Contains("Text greeting says: hello from storage"), SampleApp.Deadline());

        Assert.True(invocation.Succeeded);
        Assert.StartsWith($"New blob detected(LogsAndContainerScan): {app.Names.TextContainer}/greeting.txt", invocation.Reason);
    }

    [Fact]
    public async Task ABlobThatFailsFiveTimesGoesToThePoisonQueue()
    {
        var poison = SampleApp.Blobs.GetBlobContainerClient(app.Names.PoisonContainer);
        var uploaded = await poison.UploadBlobAsync("broken.bin", BinaryData.FromBytes([1, 2, 3]));

        var message = await WaitForPoisonMessageAsync(app.Names.PoisonContainer);

        Assert.Equal("BlobTrigger", message.GetProperty("Type").GetString());
        Assert.Equal("Host.Functions.PoisonBlob", message.GetProperty("FunctionId").GetString());
        Assert.Equal("broken.bin", message.GetProperty("BlobName").GetString());
        Assert.Equal(uploaded.Value.ETag.ToString(), message.GetProperty("ETag").GetString());
        var attempts = app.Host.Invocations.Where(i => i.FunctionName == "PoisonBlob").ToList();
        Assert.Equal(5, attempts.Count);
        Assert.All(attempts, a => Assert.Contains("Blob broken.bin (3 bytes) cannot be processed.", a.Error));
    }

    private IEnumerable<FunctionInvocation> RunsFor(string name) =>
        app.Host.Invocations.Where(i => i.FunctionName == "BlobArrived" && i.Logs.Any(l => l.StartsWith($"Blob {name} ", StringComparison.Ordinal)));

    private Task<FunctionInvocation> WaitForBlobAsync(string name, string? etag) =>
        app.Host.WaitForInvocationAsync(
            "BlobArrived",
            i => i.Succeeded && i.Logs.Any(l => l.StartsWith($"Blob {name} version {etag}", StringComparison.Ordinal)),
            SampleApp.Deadline());

    internal static async Task<JsonElement> WaitForPoisonMessageAsync(string container)
    {
        var queue = SampleApp.Queues.GetQueueClient("webjobs-blobtrigger-poison");
        var deadline = SampleApp.Deadline();
        while (true)
        {
            if (await queue.ExistsAsync(deadline))
            {
                var messages = await queue.PeekMessagesAsync(32, deadline);
                foreach (var message in messages.Value)
                {
                    var body = message.Body.ToObjectFromJson<JsonElement>();
                    if (body.GetProperty("ContainerName").GetString() == container)
                    {
                        return body;
                    }
                }
            }

            await Task.Delay(100, deadline);
        }
    }
}
