using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Callaro.Functions.Telemetry;

/// <summary>
/// Sits in each storage client's pipeline once per try and counts what operators need to see storage going
/// bad before requests fail: tries that are retries, and tries cut off by the network timeout.
/// </summary>
internal sealed class StorageTelemetryPolicy(string service) : HttpPipelinePolicy
{
    private const string TriedProperty = "callaro.storage.tried";

    private readonly KeyValuePair<string, object?> _service = new(CallaroTelemetry.Tags.StorageService, service);

    /// <summary>Adds the policy to a storage client's options (for <c>AddAzureClients</c>' <c>ConfigureDefaults</c>).</summary>
    public static void AddTo(ClientOptions options) =>
        options.AddPolicy(new StorageTelemetryPolicy(ServiceOf(options)), HttpPipelinePosition.PerRetry);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        CountRetry(message);
        try
        {
            ProcessNext(message, pipeline);
        }
        catch (OperationCanceledException) when (!message.CancellationToken.IsCancellationRequested)
        {
            CallaroTelemetry.StorageTimeouts.Add(1, _service);
            throw;
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        CountRetry(message);
        try
        {
            await ProcessNextAsync(message, pipeline);
        }
        // The caller's token did not fire, so the network timeout did.
        catch (OperationCanceledException) when (!message.CancellationToken.IsCancellationRequested)
        {
            CallaroTelemetry.StorageTimeouts.Add(1, _service);
            throw;
        }
    }

    /// <summary>The retry policy sends the same message again, so a message seen before is a retry.</summary>
    private void CountRetry(HttpMessage message)
    {
        if (message.TryGetProperty(TriedProperty, out _))
        {
            CallaroTelemetry.StorageRetries.Add(1, _service);
        }
        else
        {
            message.SetProperty(TriedProperty, true);
        }
    }

    private static string ServiceOf(ClientOptions options) => options switch
    {
        TableClientOptions => "table",
        BlobClientOptions => "blob",
        _ => "other",
    };
}
