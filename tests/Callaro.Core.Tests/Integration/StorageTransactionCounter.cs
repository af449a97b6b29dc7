using Azure.Core;
using Azure.Core.Pipeline;

namespace Callaro.Core.Tests.Integration;

/// <summary>
/// Counts the requests that reach the storage service, retries included: each one is a billed storage
/// transaction. Tests assert with it and the ingestion benchmark reports it (the benchmark links this file).
/// </summary>
public sealed class StorageTransactionCounter : HttpPipelinePolicy
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    /// <summary>Adds the counter to a client's options, once per attempt.</summary>
    public T AddTo<T>(T options)
        where T : ClientOptions
    {
        options.AddPolicy(this, HttpPipelinePosition.PerRetry);
        return options;
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _count);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _count);
        return ProcessNextAsync(message, pipeline);
    }
}
