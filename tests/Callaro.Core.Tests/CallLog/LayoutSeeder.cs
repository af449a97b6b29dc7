using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Callaro.Core.CallLog;
using Callaro.Core.Calls;
using Azure.Data.Tables;

namespace Callaro.Core.Tests.CallLog;

/// <summary>
/// Writes log, alert and number-index rows in the table layout's shape with entity group transactions
/// (100 per request, one partition each), so that tests and benchmarks seed big days quickly.
/// </summary>
public static class LayoutSeeder
{
    /// <summary>One seeded call.</summary>
    public sealed record SeedCall(string CallId, DateTimeOffset StartedAt, CallStatus Status, CallDirection Direction, string Caller, string Callee, string? DealId = null);

    /// <summary>The rows of one call: its log row, its alert row when missed or failed, and (optionally) its number and number-suffix rows.</summary>
    public static IEnumerable<TableEntity> Rows(string partitionKey, SeedCall call, bool numberRows)
    {
        yield return Row(partitionKey, CallLogLayout.LogPrefix, call);
        if (call.Status is CallStatus.Missed or CallStatus.Failed)
            yield return Row(partitionKey, CallLogLayout.AlertPrefix, call);
        if (numberRows)
            foreach (var prefix in new[] { call.Caller, call.Callee }.SelectMany(CallLogLayout.IndexRowPrefixes).Distinct())
                yield return Row(partitionKey, prefix, call);
    }

    /// <summary>Writes calls of one partition, 100 entities per transaction, a few transactions at a time.</summary>
    public static Task WriteAsync(TableClient table, string partitionKey, IEnumerable<SeedCall> calls, bool numberRows, int parallel = 4) =>
        WriteRowsAsync(table, calls.SelectMany(c => Rows(partitionKey, c, numberRows)), parallel);

    /// <summary>Writes rows of one partition, 100 entities per transaction, a few transactions at a time.</summary>
    public static async Task WriteRowsAsync(TableClient table, IEnumerable<TableEntity> rows, int parallel = 4) =>
        await Parallel.ForEachAsync(rows.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (batch, ct) =>
            await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct));

    private static TableEntity Row(string partitionKey, string prefix, SeedCall c) => new(partitionKey, CallLogLayout.RowKey(prefix, c.StartedAt, c.CallId))
    {
        ["CallId"] = c.CallId,
        ["Direction"] = CallLogRowMapper.Word(c.Direction),
        ["Caller"] = c.Caller,
        ["Callee"] = c.Callee,
        ["Status"] = CallLogRowMapper.Word(c.Status),
        ["DurationSeconds"] = c.Status == CallStatus.Completed ? 90 : 0,
        ["StartedAt"] = c.StartedAt,
        ["HasRecording"] = false,
        ["HasTranscript"] = false,
        ["DealId"] = c.DealId,
    };
}

/// <summary>Counts the entities the Table service returns, by reading each query response's <c>value</c> array.</summary>
public sealed class EntityCountingPolicy : HttpPipelinePolicy
{
    private int _entities;
    private int _requests;

    public int Entities => Volatile.Read(ref _entities);
    public int Requests => Volatile.Read(ref _requests);
    public void Reset() { Interlocked.Exchange(ref _entities, 0); Interlocked.Exchange(ref _requests, 0); }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Count(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        Count(message);
    }

    private void Count(HttpMessage message)
    {
        if (message.Request.Method != RequestMethod.Get || !message.HasResponse) return;
        Interlocked.Increment(ref _requests);
        var content = message.Response.Content;
        if (content is null || content.ToMemory().Length == 0) return;
        try
        {
            using var doc = JsonDocument.Parse(content.ToMemory());
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
                Interlocked.Add(ref _entities, value.GetArrayLength());
            else if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("PartitionKey", out _))
                Interlocked.Increment(ref _entities);
        }
        catch (JsonException) { }
    }
}
