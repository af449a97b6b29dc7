using System.Collections.Concurrent;
using System.Reflection;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Callaro.FunctionsHost.Tests;

/// <summary>The sample worker app (built with these tests) and the Azurite that ./test.sh starts.</summary>
internal static class SampleApp
{
    public static string Directory { get; } = typeof(SampleApp).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SampleAppDirectory").Value!;

    public static string Storage { get; } = Environment.GetEnvironmentVariable("CALLARO_TEST_STORAGE") is { Length: > 0 } storage
        ? storage
        : throw new InvalidOperationException("CALLARO_TEST_STORAGE is not set: run ./test.sh, which starts Azurite and sets it.");

    public static BlobServiceClient Blobs { get; } = new(Storage);

    public static QueueServiceClient Queues { get; } = new(Storage, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <summary>Waits long enough for anything the tests wait for, short enough to fail a stuck test.</summary>
    public static CancellationToken Deadline(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    /// <summary>A run's own containers and host id, so runs and test collections share nothing in Azurite.</summary>
    public sealed record Names(string HostId, string BlobContainer, string TextContainer, string PoisonContainer)
    {
        public static Names Unique()
        {
            var id = Guid.NewGuid().ToString("N")[..10];
            return new Names($"tests-{id}", $"blobs-{id}", $"texts-{id}", $"poison-{id}");
        }
    }

    public static async Task<LocalFunctionsHost> StartAsync(Names names, string tickSchedule, ConcurrentQueue<HostLogEntry>? logs = null)
    {
        foreach (var container in new[] { names.BlobContainer, names.TextContainer, names.PoisonContainer })
        {
            await Blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync();
        }

        return await LocalFunctionsHost.StartAsync(new LocalFunctionsHostOptions
        {
            AppDirectory = Directory,
            Port = 0,
            Settings = new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = Storage,
                ["SampleStorage"] = Storage,
                ["AzureFunctionsWebHost__hostid"] = names.HostId,
                ["SampleTickSchedule"] = tickSchedule,
                ["SampleBlobContainer"] = names.BlobContainer,
                ["SampleTextContainer"] = names.TextContainer,
                ["SamplePoisonContainer"] = names.PoisonContainer,
            },
            LogSink = logs is null ? null : logs.Enqueue,
            BlobScanInterval = TimeSpan.FromMilliseconds(200),
            BlobRetryDelay = TimeSpan.FromMilliseconds(100),
        }, Deadline(120));
    }
}
