using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Callaro.Core;
using Callaro.Core.Attachments;
using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Functions.Tests.Infrastructure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Data.Tables;
using Callaro.Functions.Attachments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Callaro.Functions.Tests.Attachments;

/// <summary>
/// Helpers for attachment tests: upload to Azurite, run a blob-trigger function on a blob, store call events.
/// </summary>
internal static class AttachmentKit
{
    /// <summary>An app whose host does not fire the blob triggers, so only the test invokes them.</summary>
    public static CallaroApplication CreateApp() => new();

    public static AttachmentStore Store(this CallaroApplication app) => app.Services.GetRequiredService<AttachmentStore>();

    public static async Task<BlobProperties> UploadAsync(this CallaroApplication app, string container, string name, byte[] content,
        string? contentType = null, IDictionary<string, string>? metadata = null)
    {
        var blob = app.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(container).GetBlobClient(name);
        await blob.UploadAsync(new BinaryData(content), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType }, Metadata = metadata });
        return (await blob.GetPropertiesAsync()).Value;
    }

    public static Task<BlobProperties> UploadRecordingAsync(this CallaroApplication app, string name, byte[] content, string? contentType = null, IDictionary<string, string>? metadata = null) =>
        app.UploadAsync(app.Names.RecordingsContainer, name, content, contentType, metadata);

    public static Task<BlobProperties> UploadTranscriptAsync(this CallaroApplication app, string name, string content) =>
        app.UploadAsync(app.Names.TranscriptsContainer, name, Encoding.UTF8.GetBytes(content), "text/plain");

    /// <summary>
    /// Runs the blob-trigger function on the blob as it is now in storage, with the <c>BlobClient</c> the worker
    /// would bind, and returns what it logged. (The host firing the triggers is tested end to end.)
    /// </summary>
    public static async Task<string[]> TriggerAsync(this CallaroApplication app, string functionName, string container, string name)
    {
        var blob = new Azure.Storage.Blobs.BlobContainerClient(CallaroApplication.StorageConnectionString, container).GetBlobClient(name);
        var logger = new LineLogger();
        var triggers = new AttachmentTriggers(app.Services.GetRequiredService<AttachmentProcessor>(), logger);
        await (functionName switch
        {
            "RecordingBlobTrigger" => triggers.Recording(blob, CancellationToken.None),
            "TranscriptBlobTrigger" => triggers.Transcript(blob, CancellationToken.None),
            _ => throw new ArgumentException($"No blob trigger '{functionName}'.", nameof(functionName)),
        });
        return logger.Lines.ToArray();
    }

    public static Task<string[]> TriggerRecordingAsync(this CallaroApplication app, string name) =>
        app.TriggerAsync("RecordingBlobTrigger", app.Names.RecordingsContainer, name);

    public static Task<string[]> TriggerTranscriptAsync(this CallaroApplication app, string name) =>
        app.TriggerAsync("TranscriptBlobTrigger", app.Names.TranscriptsContainer, name);

    /// <summary>Stores a completed call through the ingestion core.</summary>
    public static async Task IngestCallAsync(this CallaroApplication app, string callId, string workspaceId = "default")
    {
        var now = DateTimeOffset.UtcNow;
        await app.Services.GetRequiredService<CallIngestor>().IngestAsync(
        [
            new CallEvent
            {
                EventId = $"{callId}-completed", Type = CallEventType.Completed, OccurredAt = now, CallId = callId, WorkspaceId = workspaceId,
                Source = "callaro", ReceivedAt = now, StartedAt = now.AddMinutes(-3), AnsweredAt = now.AddMinutes(-3), EndedAt = now,
                Direction = CallDirection.Incoming, Caller = "+4915112345678", Callee = "+4930123456",
            },
        ]);
    }

    /// <summary>The call record as stored (null when nothing of the call is stored).</summary>
    public static Task<CallRecord?> RecordAsync(this CallaroApplication app, string callId, string workspaceId = "default") =>
        new CallRecordReader(app.Services.GetRequiredService<TableServiceClient>(), app.Names).GetAsync(workspaceId, callId);

    /// <summary>The call's item in today's call log (GET /api/calls), or null when the log does not list it.</summary>
    public static async Task<JsonObject?> LogItemAsync(this CallaroApplication app, string callId, string workspaceId = "default")
    {
        using var reader = app.CreateReaderClient();
        using var response = await reader.GetAsync($"/api/calls?workspace={workspaceId}&pageSize=100");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var page = (await response.ReadJsonAsync())!;
        return page["items"]!.AsArray().OfType<JsonObject>().FirstOrDefault(i => i["callId"]!.GetValue<string>() == callId);
    }

    /// <summary>The raw attachment row, to prove that nothing changed (its ETag).</summary>
    public static async Task<TableEntity> AttachmentRowAsync(this CallaroApplication app, string workspaceId, string rowKey) =>
        (await app.Services.GetRequiredService<TableServiceClient>().GetTableClient(app.Names.AttachmentsTable).GetEntityAsync<TableEntity>(workspaceId, rowKey)).Value;

    public static string NewCallId() => "CA" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds} s.");
            await Task.Delay(200);
        }
    }

    public static Task<JsonObject?> ReadJsonAsync(this HttpResponseMessage response) => response.Content.ReadFromJsonAsync<JsonObject>();

    private sealed class LineLogger : ILogger<AttachmentTriggers>
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception));
    }
}
