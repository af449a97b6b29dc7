using System.Globalization;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Callaro.Core;
using Callaro.Core.Attachments;
using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Core.Tests.Integration;
using Callaro.Core.Workspaces;

namespace Callaro.Ingestion.Benchmarks;

/// <summary>
/// The storage side of docs/cost.md, measured on the same workload as the throughput run (bench/cost.sh runs it):
/// webhook executions and storage transactions per call, the bytes a call keeps in Table Storage (as Azure bills
/// them), and the same with a recording and a transcript attached through <see cref="AttachmentProcessor"/>.
/// Output: "cost metric value" lines.
/// </summary>
internal static class CostInputs
{
    /// <summary>Spoken words per second of talk, for the synthetic transcripts.</summary>
    private const double WordsPerSecond = 2.5;

    public static async Task<int> RunAsync(string connectionString, int calls, int recordingBytesPerSecond)
    {
        var counter = new StorageTransactionCounter();
        var blobWrites = new BlobWriteCounter();
        var tables = new TableServiceClient(connectionString, counter.AddTo(new TableClientOptions()));
        var blobOptions = counter.AddTo(new BlobClientOptions());
        blobOptions.AddPolicy(blobWrites, HttpPipelinePosition.PerRetry);
        var blobs = new BlobServiceClient(connectionString, blobOptions);
        var names = new StorageNames("cost" + Guid.NewGuid().ToString("N")[..8]);
        await ProvisionAsync(tables, blobs, names);
        var ingestor = new CallIngestor(tables, names, new WorkspaceSettingsStore(tables, names), TimeProvider.System);
        var workload = Workload.Generate("cost", calls, seed: 7, DateTimeOffset.UtcNow);

        counter.Reset();
        var events = 0;
        foreach (var call in workload)
        {
            foreach (var item in call)
            {
                await ingestor.IngestAsync([item.Event]);
                events++;
            }
        }

        Print("calls", calls);
        Print("webhook_executions_per_call", (double)events / calls);
        Print("table_transactions_per_call", (double)counter.Count / calls);
        Print("table_bytes_per_call", await BilledTableBytesAsync(tables, names) / calls);

        var talk = workload.Select(TalkSeconds).ToList();
        Print("answered_share", talk.Count(s => s > 0) / (double)calls);
        Print("talk_seconds_per_call", talk.Average());

        // Every answered call gets a recording and a transcript, as the providers drop them: one upload each, then
        // one blob-trigger execution each.
        var processor = new AttachmentProcessor(new AttachmentStore(tables, blobs, names, new CallIdIndexDirectory(tables, names)), blobs, ingestor);
        long uploads = 0, blobBytes = 0;
        long BlobOperations() => blobWrites.Reads + blobWrites.Writes;
        counter.Reset();
        blobWrites.Reset();
        var triggers = 0;
        for (var i = 0; i < workload.Count; i++)
        {
            if (talk[i] <= 0) continue;
            var callId = workload[i][0].Event.CallId;
            var recording = new byte[(int)(talk[i] * recordingBytesPerSecond)];
            Random.Shared.NextBytes(recording);
            var transcript = Transcript(talk[i]);
            var before = BlobOperations();
            var recordingBlob = await UploadAsync(blobs, names.RecordingsContainer, $"{callId}.mp3", recording);
            var transcriptBlob = await UploadAsync(blobs, names.TranscriptsContainer, $"{callId}.txt", transcript);
            uploads += BlobOperations() - before;
            blobBytes += recording.Length + transcript.Length;
            await processor.ProcessRecordingAsync(await TriggeredAsync(recordingBlob), null);
            await processor.ProcessTranscriptAsync(await TriggeredAsync(transcriptBlob), null);
            triggers += 2;
        }

        Print("blob_trigger_executions_per_call", (double)triggers / calls);
        Print("attachment_transactions_per_call", (double)(counter.Count - uploads) / calls);
        // Blob Storage prices writes (and lists) over ten times reads; Table Storage prices every transaction alike.
        Print("attachment_blob_writes_per_call", (double)(blobWrites.Writes - uploads) / calls);
        Print("attachment_blob_reads_per_call", (double)blobWrites.Reads / calls);
        Print("upload_transactions_per_call", (double)uploads / calls);
        Print("uploaded_blob_bytes_per_call", (double)blobBytes / calls);
        Print("stored_blob_bytes_per_call", await BlobBytesAsync(blobs, names) / calls);
        Print("table_bytes_per_call_with_attachments", await BilledTableBytesAsync(tables, names) / calls);
        return 0;
    }

    private static void Print(string metric, double value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cost {metric} {value:F2}"));

    private static double TalkSeconds(IReadOnlyList<BenchEvent> call) =>
        call.Select(e => e.Event.DurationSeconds).LastOrDefault(d => d is not null) ?? 0;

    private static async Task ProvisionAsync(TableServiceClient tables, BlobServiceClient blobs, StorageNames names)
    {
        foreach (var table in names.Tables) await tables.CreateTableIfNotExistsAsync(table);
        foreach (var container in names.Containers) await blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync();
    }

    /// <summary>What the provider (or whoever drops the file) does: one upload.</summary>
    private static async Task<BlobClient> UploadAsync(BlobServiceClient blobs, string container, string name, byte[] content)
    {
        var blob = blobs.GetBlobContainerClient(container).GetBlobClient(name);
        await blob.UploadAsync(new BinaryData(content), overwrite: true);
        return blob;
    }

    /// <summary>The trigger's view of the upload, built from the blob's properties as the app does.</summary>
    private static async Task<TriggeredBlob> TriggeredAsync(BlobClient blob)
    {
        var properties = (await blob.GetPropertiesAsync()).Value;
        return new TriggeredBlob(blob.BlobContainerName, blob.Name, new BlobVersion(properties.ETag.ToString().Trim('"'), properties.LastModified),
            properties.ContentLength, properties.ContentType, properties.Metadata.AsReadOnly());
    }

    /// <summary>Plain-text lines of ten words, alternating speakers, for as long as the call talked.</summary>
    private static byte[] Transcript(double talkSeconds)
    {
        var text = new StringBuilder();
        var words = (int)(talkSeconds * WordsPerSecond);
        for (var line = 0; line * 10 < words; line++)
        {
            text.Append(line % 2 == 0 ? "Agent: " : "Caller: ");
            text.AppendJoin(' ', Enumerable.Range(0, Math.Min(10, words - line * 10)).Select(w => "word" + (w % 7)));
            text.Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// Table Storage bills an entity as 4 bytes + 2 per key character + per property 8 + 2 per name character +
    /// its value (strings 4 + 2 per character, binary 4 + length, 8 for dates, numbers and doubles, 1 for booleans).
    /// </summary>
    private static async Task<double> BilledTableBytesAsync(TableServiceClient tables, StorageNames names)
    {
        double bytes = 0;
        foreach (var table in names.Tables)
        {
            await foreach (var entity in tables.GetTableClient(table).QueryAsync<TableEntity>())
            {
                bytes += 4 + 2 * (entity.PartitionKey.Length + entity.RowKey.Length);
                foreach (var (name, value) in entity)
                {
                    if (name is "PartitionKey" or "RowKey" or "odata.etag") continue;
                    bytes += 8 + 2 * name.Length + value switch
                    {
                        string s => 4 + 2 * s.Length,
                        byte[] b => 4 + b.Length,
                        BinaryData b => 4 + b.ToMemory().Length,
                        bool => 1,
                        Guid => 16,
                        int => 4,
                        _ => 8,
                    };
                }
            }
        }

        return bytes;
    }

    private static async Task<double> BlobBytesAsync(BlobServiceClient blobs, StorageNames names)
    {
        double bytes = 0;
        foreach (var container in names.Containers)
        {
            await foreach (var blob in blobs.GetBlobContainerClient(container).GetBlobsAsync())
            {
                bytes += blob.Properties.ContentLength ?? 0;
            }
        }

        return bytes;
    }
}

/// <summary>Blob requests by price class: reads (GET, HEAD) and the rest, which Blob Storage bills as writes.</summary>
internal sealed class BlobWriteCounter : HttpPipelinePolicy
{
    private long _reads;
    private long _writes;

    public long Reads => Interlocked.Read(ref _reads);

    public long Writes => Interlocked.Read(ref _writes);

    public void Reset()
    {
        Interlocked.Exchange(ref _reads, 0);
        Interlocked.Exchange(ref _writes, 0);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Count(HttpMessage message)
    {
        if (message.Request.Method == RequestMethod.Get || message.Request.Method == RequestMethod.Head)
            Interlocked.Increment(ref _reads);
        else
            Interlocked.Increment(ref _writes);
    }
}
