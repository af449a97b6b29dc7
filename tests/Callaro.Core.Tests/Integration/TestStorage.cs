using Azure.Core;
using Azure.Core.Pipeline;
using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Core.Workspaces;
using Azure.Data.Tables;

namespace Callaro.Core.Tests.Integration;

/// <summary>Sends entity group transactions to a port nobody listens on: storage "fails" mid-ingest.</summary>
/// <param name="passFirst">How many transactions get through before the failures start.</param>
internal sealed class FailingBatchTransport(int passFirst = 0) : HttpPipelinePolicy
{
    private int _seen;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Redirect(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Redirect(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Redirect(HttpMessage message)
    {
        if (message.Request.Uri.Path.Contains("$batch", StringComparison.Ordinal) && Interlocked.Increment(ref _seen) > passFirst)
            message.Request.Uri.Port = 9; // discard port: refused
    }
}

/// <summary>Real Azurite tables under a unique prefix, with a transaction counter on every request.</summary>
internal sealed class TestStorage
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("CALLARO_TEST_STORAGE") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException("CALLARO_TEST_STORAGE is not set: run ./test.sh, which starts Azurite and sets it.");

    public StorageNames Names { get; } = new("t" + Guid.NewGuid().ToString("N")[..8]);
    public StorageTransactionCounter Counter { get; }
    public TableServiceClient Service { get; }

    private TestStorage(TableServiceClient service, StorageTransactionCounter counter)
    {
        Service = service;
        Counter = counter;
    }

    public static async Task<TestStorage> CreateAsync(params HttpPipelinePolicy[] extraPolicies)
    {
        var counter = new StorageTransactionCounter();
        var options = counter.AddTo(new TableClientOptions());
        foreach (var p in extraPolicies) options.AddPolicy(p, HttpPipelinePosition.PerCall);
        options.Retry.MaxRetries = extraPolicies.Length > 0 ? 0 : 3;
        var storage = new TestStorage(new TableServiceClient(ConnectionString, options), counter);
        foreach (var table in storage.Names.Tables)
            await storage.Service.CreateTableIfNotExistsAsync(table);
        storage.Counter.Reset();
        return storage;
    }

    /// <summary>The same tables, seen through a client whose entity group transactions fail.</summary>
    public TestStorage WithFailingBatches(int passFirst = 0) => With(new FailingBatchTransport(passFirst));

    /// <summary>The same tables, seen through a client with <paramref name="policy"/> on every request and no retries.</summary>
    public TestStorage With(HttpPipelinePolicy policy)
    {
        var options = new TableClientOptions();
        options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        options.Retry.MaxRetries = 0;
        return new TestStorage(new TableServiceClient(ConnectionString, options), Names);
    }

    private TestStorage(TableServiceClient service, StorageNames names)
    {
        Service = service;
        Names = names;
        Counter = new StorageTransactionCounter();
    }

    public CallIngestor Ingestor(IWorkspaceTimeZoneSource? zones = null, TimeProvider? clock = null) =>
        new(Service, Names, zones ?? new FixedTimeZoneSource(TimeZoneInfo.Utc), clock ?? new FixedClock(DateTimeOffset.UtcNow));

    public CallRecordReader Reader() => new(Service, Names);

    public TableClient Calls => Service.GetTableClient(Names.CallsTable);

    /// <summary>Rows of one kind in one partition (e.g. <c>l_</c> for log rows).</summary>
    public async Task<List<TableEntity>> RowsAsync(string partitionKey, string prefix)
    {
        var filter = prefix.Length == 0
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {prefix} and RowKey lt {CallTableKeys.PrefixEnd(prefix)}");
        var rows = new List<TableEntity>();
        await foreach (var e in Calls.QueryAsync<TableEntity>(filter)) rows.Add(e);
        return rows;
    }

    /// <summary>Every row of the calls table, keys and properties, without service metadata — for comparing stores.</summary>
    public async Task<List<string>> DumpAsync()
    {
        var rows = new List<string>();
        await foreach (var e in Calls.QueryAsync<TableEntity>())
            rows.Add(e.PartitionKey + "|" + e.RowKey + "|" + string.Join("|", e.Keys
                .Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
                .Order(StringComparer.Ordinal)
                .Select(k => k + "=" + Format(e[k]))));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static string Format(object? v) => v switch
    {
        DateTimeOffset d => d.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => v?.ToString() ?? "",
    };
}
