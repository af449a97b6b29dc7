using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Callaro.FunctionsHost.Configuration;
using Callaro.FunctionsHost.Rpc;
using Callaro.FunctionsHost.Storage;
using Callaro.FunctionsHost.Worker;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace Callaro.FunctionsHost.Blobs;

/// <summary>
/// Fires one blob-trigger function for each new blob version (ETag) in its container. Azurite has no Event
/// Grid, so both the polling and the EventGrid source are served by scanning. Like the Functions host, a
/// receipt per function and version in <c>azure-webjobs-hosts</c> keeps a restart from running a version
/// twice; a version that fails every attempt goes to the poison queue.
/// </summary>
internal sealed class BlobTrigger
{
    public const string PoisonQueueName = "webjobs-blobtrigger-poison";
    public const int MaxAttempts = 5;
    private readonly HostedFunction _function;
    private readonly HostStorage _storage;
    private readonly FunctionInvoker _invoker;
    private readonly LocalFunctionsHostOptions _options;
    private readonly ILogger _log;
    private readonly BlobPathPattern _path;
    private readonly string _connection;
    private readonly BlobContainerClient _container;
    private readonly ConcurrentDictionary<string, Task> _inFlight = new();
    private readonly HashSet<string> _done = [];

    /// <exception cref="InvalidOperationException">The path or the connection is missing or invalid.</exception>
    public BlobTrigger(HostedFunction function, AppSettings settings, HostStorage storage, FunctionInvoker invoker, LocalFunctionsHostOptions options, ILogger log)
    {
        _function = function;
        _storage = storage;
        _invoker = invoker;
        _options = options;
        _log = log;
        var path = settings.Resolve(function.TriggerText("path")
            ?? throw new InvalidOperationException($"Blob trigger function '{function.Name}' has no path."));
        try
        {
            _path = BlobPathPattern.Parse(path);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"Blob trigger function '{function.Name}': {e.Message}", e);
        }

        _connection = function.TriggerText("connection") is { Length: > 0 } connection ? connection : "AzureWebJobsStorage";
        _container = storage.BlobService(_connection).GetBlobContainerClient(_path.Container);
    }

    public string FunctionName => _function.Name;

    public async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_options.BlobScanInterval);
        try
        {
            do
            {
                await ScanAsync(stopping);
            }
            while (await timer.WaitForNextTickAsync(stopping));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        await Task.WhenAll(_inFlight.Values).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Runs the function for one blob now (admin API input <c>container/name</c>), without a receipt.</summary>
    /// <exception cref="ArgumentException">The input names no blob this trigger watches.</exception>
    public async Task InvokeForAsync(string blobPath, CancellationToken cancellationToken)
    {
        var prefix = _path.Container + "/";
        var name = blobPath.StartsWith(prefix, StringComparison.Ordinal) ? blobPath[prefix.Length..] : blobPath;
        var variables = _path.Match(name) ?? throw new ArgumentException(
            $"'{blobPath}' does not match the trigger path '{_path.Container}/{_path.Prefix}…' of function '{_function.Name}'.");
        var blob = _container.GetBlobClient(name);
        var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
        await _invoker.InvokeAsync(_function, await InputAsync(blob, properties.Value, variables, "This function was programmatically called via the host APIs.", cancellationToken), cancellationToken);
    }

    private async Task ScanAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var item in _container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, _path.Prefix, stopping))
            {
                if (_path.Match(item.Name) is not { } variables)
                {
                    continue;
                }

                var version = $"{item.Properties.ETag}/{item.Name}";
                lock (_done)
                {
                    if (_done.Contains(version))
                    {
                        continue;
                    }
                }

                _ = _inFlight.GetOrAdd(version, _ => Task.Run(() => ProcessAsync(item.Name, item.Properties.ETag!.Value, variables, version, stopping), CancellationToken.None));
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The container does not exist yet: nothing to trigger on, as with the Functions host.
        }
        catch (RequestFailedException e)
        {
            _log.LogWarning("Scanning container '{Container}' for function '{Function}' failed: {Message}", _path.Container, _function.Name, e.Message);
        }
    }

    private async Task ProcessAsync(string blobName, ETag etag, IReadOnlyDictionary<string, string> variables, string version, CancellationToken stopping)
    {
        try
        {
            var receipt = await ReceiptAsync(blobName, etag, stopping);
            if (!await receipt.ExistsAsync(stopping))
            {
                await RunWithRetriesAsync(blobName, etag, variables, stopping);
                // Not cancelled by shutdown: a version that ran without its receipt would run again after a restart.
                await receipt.UploadAsync(BinaryData.Empty, overwrite: true, CancellationToken.None);
            }

            lock (_done)
            {
                _done.Add(version);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Deleted or replaced before it ran; a new version is picked up by the next scan.
        }
        catch (RequestFailedException e)
        {
            _log.LogWarning("Processing blob '{Container}/{Blob}' for function '{Function}' failed: {Message}; it is retried on the next scan.",
                _path.Container, blobName, _function.Name, e.Message);
        }
        finally
        {
            _inFlight.TryRemove(version, out _);
        }
    }

    private async Task RunWithRetriesAsync(string blobName, ETag etag, IReadOnlyDictionary<string, string> variables, CancellationToken stopping)
    {
        var blob = _container.GetBlobClient(blobName);
        var reason = $"New blob detected({SourceName}): {_path.Container}/{blobName}";
        for (var attempt = 1; ; attempt++)
        {
            var properties = await blob.GetPropertiesAsync(new BlobRequestConditions { IfMatch = etag }, stopping);
            // Listings give ETags bare, blob properties quoted as in HTTP; the poison message carries the latter.
            etag = properties.Value.ETag;
            var input = await InputAsync(blob, properties.Value, variables, reason, stopping);
            var invocation = await _invoker.InvokeAsync(_function, input with
            {
                Retry = new RetryContext { RetryCount = attempt - 1, MaxRetryCount = MaxAttempts - 1 },
            }, stopping);
            if (invocation.Succeeded)
            {
                return;
            }

            if (attempt == MaxAttempts)
            {
                await SendToPoisonQueueAsync(blobName, etag, stopping);
                return;
            }

            await Task.Delay(_options.BlobRetryDelay * Math.Pow(2, attempt - 1), stopping);
        }
    }

    private string SourceName => string.Equals(_function.TriggerText("source"), "EventGrid", StringComparison.OrdinalIgnoreCase)
        ? "EventGrid"
        : "LogsAndContainerScan";

    private async Task<InvocationInput> InputAsync(BlobClient blob, BlobProperties properties, IReadOnlyDictionary<string, string> variables, string reason, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, TypedData>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in variables)
        {
            metadata[name] = new TypedData { String = value };
        }

        metadata["BlobTrigger"] = new TypedData { String = $"{_path.Container}/{blob.Name}" };
        metadata["Uri"] = new TypedData { Json = JsonSerializer.Serialize(blob.Uri.ToString()) };
        metadata["Properties"] = new TypedData { Json = JsonSerializer.Serialize(new
        {
            properties.ContentLength,
            properties.ContentType,
            ETag = properties.ETag.ToString(),
            properties.LastModified,
            properties.CreatedOn,
            BlobType = properties.BlobType.ToString(),
        }) };
        metadata["Metadata"] = new TypedData { Json = JsonSerializer.Serialize(properties.Metadata) };
        return new InvocationInput(reason, await TriggerValueAsync(blob, properties, cancellationToken), metadata);
    }

    // The host sends a reference the worker turns into a client for SDK-type parameters (the binding says it
    // supports deferred binding), and the content itself otherwise.
    private async Task<TypedData> TriggerValueAsync(BlobClient blob, BlobProperties properties, CancellationToken cancellationToken)
    {
        if (_function.SupportsDeferredBinding)
        {
            var reference = JsonSerializer.SerializeToUtf8Bytes(new { Connection = _connection, ContainerName = _path.Container, BlobName = blob.Name });
            return new TypedData
            {
                ModelBindingData = new ModelBindingData
                {
                    Version = "1.0",
                    Source = "AzureStorageBlobs",
                    ContentType = "application/json",
                    Content = ByteString.CopyFrom(reference),
                },
            };
        }

        var content = await blob.DownloadContentAsync(new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } }, cancellationToken);
        return string.Equals(_function.TriggerText("dataType"), "string", StringComparison.OrdinalIgnoreCase)
            ? new TypedData { String = Encoding.UTF8.GetString(content.Value.Content.ToMemory().Span) }
            : new TypedData { Bytes = ByteString.CopyFrom(content.Value.Content.ToMemory().Span) };
    }

    private async Task<BlobClient> ReceiptAsync(string blobName, ETag etag, CancellationToken cancellationToken)
    {
        var container = await _storage.HostContainerAsync(cancellationToken);
        var version = etag.ToString().Trim('"');
        return container.GetBlobClient($"blobreceipts/{_storage.HostId}/{_function.FullName}/{version}/{_path.Container}/{blobName}");
    }

    private async Task SendToPoisonQueueAsync(string blobName, ETag etag, CancellationToken cancellationToken)
    {
        var queue = _storage.QueueService(_connection).GetQueueClient(PoisonQueueName);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        // The Functions host's BlobTriggerMessage, so a poison-queue function reads it as it would in Azure.
        var message = JsonSerializer.Serialize(new
        {
            Type = "BlobTrigger",
            FunctionId = _function.FullName,
            BlobType = "BlockBlob",
            ContainerName = _path.Container,
            BlobName = blobName,
            ETag = etag.ToString(),
        });
        await queue.SendMessageAsync(message, cancellationToken);
        _log.LogError("Blob '{Container}/{Blob}' failed function '{Function}' {Attempts} times; a message went to queue '{Queue}'.",
            _path.Container, blobName, _function.Name, MaxAttempts, PoisonQueueName);
    }
}
