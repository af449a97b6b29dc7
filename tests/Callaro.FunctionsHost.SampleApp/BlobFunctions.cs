using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Callaro.FunctionsHost.SampleApp;

public sealed class BlobFunctions(ILogger<BlobFunctions> logger)
{
    [Function("BlobArrived")]
    public async Task BlobArrived(
        [BlobTrigger("%SampleBlobContainer%/{name}", Source = BlobTriggerSource.EventGrid, Connection = "SampleStorage")]
        BlobClient blob,
        string name)
    {
        var properties = await blob.GetPropertiesAsync();
        logger.LogInformation("Blob {Name} version {ETag} has {Length} bytes", name, properties.Value.ETag, properties.Value.ContentLength);
    }

    [Function("TextArrived")]
    public void TextArrived(
        [BlobTrigger("%SampleTextContainer%/{name}.txt", Connection = "SampleStorage")] string content,
        string name) =>
        logger.LogInformation("Text {Name} says: {Content}", name, content);

    [Function("PoisonBlob")]
    public void PoisonBlob(
        [BlobTrigger("%SamplePoisonContainer%/{name}", Connection = "SampleStorage")] byte[] content,
        string name) =>
        throw new InvalidDataException($"Blob {name} ({content.Length} bytes) cannot be processed.");
}
