using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Callaro.Core.Tests.Integration;
using Callaro.Core;
using Callaro.Core.Ingestion;
using Callaro.Core.Workspaces;
using Azure.Data.Tables;

namespace Callaro.Ingestion.Benchmarks;

/// <summary>Where the events go: the app over HTTP, or the ingestor in this process.</summary>
internal interface IEventSink
{
    /// <returns>False when the event was not stored.</returns>
    Task<bool> SendAsync(BenchEvent item, CancellationToken cancellationToken);

    /// <summary>Storage requests made since the last reset; null when this side cannot see them.</summary>
    long? StorageRequests { get; }

    void ResetCounters();
}

/// <summary>POSTs each event to /api/webhooks/callaro, signed as Callaro signs it.</summary>
internal sealed class HttpSink(string url, string secret, int concurrency) : IEventSink
{
    private readonly byte[] _secret = Encoding.UTF8.GetBytes(secret);
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = new Uri(url),
        Timeout = TimeSpan.FromSeconds(60),
    };
    private int _reportedFailures;

    public long? StorageRequests => null;

    public void ResetCounters() { }

    public async Task<bool> SendAsync(BenchEvent item, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/webhooks/callaro") { Content = new ByteArrayContent(item.Json) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("X-Callaro-Signature", Sign(item.Json));
        using var response = await _http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.OK) return true;
        if (Interlocked.Increment(ref _reportedFailures) <= 3)
            await Console.Error.WriteLineAsync($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        return false;
    }

    /// <summary>X-Callaro-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;")&gt;.</summary>
    private string Sign(byte[] body)
    {
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = new byte[t.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(t, signed);
        signed[t.Length] = (byte)'.';
        body.CopyTo(signed, t.Length + 1);
        return $"t={t},v1={Convert.ToHexStringLower(HMACSHA256.HashData(_secret, signed))}";
    }
}

/// <summary>The same storage operations without HTTP in front: CallIngestor.IngestAsync, one event at a time.</summary>
internal sealed class DirectSink : IEventSink
{
    private readonly CallIngestor _ingestor;
    private readonly StorageTransactionCounter _counter = new();

    public DirectSink(string connectionString, string prefix)
    {
        var service = new TableServiceClient(connectionString, _counter.AddTo(new TableClientOptions()));
        var names = new StorageNames(prefix);
        _ingestor = new CallIngestor(service, names, new WorkspaceSettingsStore(service, names), TimeProvider.System);
    }

    public long? StorageRequests => _counter.Count;

    public void ResetCounters() => _counter.Reset();

    public async Task<bool> SendAsync(BenchEvent item, CancellationToken cancellationToken)
    {
        await _ingestor.IngestAsync([item.Event], cancellationToken);
        return true;
    }
}

internal sealed record RunResult(int Events, int Failures, TimeSpan Elapsed, double[] LatenciesMs)
{
    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0) return 0;
        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// <c>concurrency</c> workers; each takes the next call and delivers its events in order, one request each,
/// as a provider does (a call's events are seconds apart; many calls are in flight at once).
/// </summary>
internal static class Driver
{
    public static async Task<RunResult> RunAsync(IEventSink sink, IReadOnlyList<IReadOnlyList<BenchEvent>> calls, int concurrency)
    {
        var latencies = new double[calls.Sum(c => c.Count)];
        int next = -1, recorded = -1, failures = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            await Task.Yield();
            int index;
            while ((index = Interlocked.Increment(ref next)) < calls.Count)
            {
                foreach (var item in calls[index])
                {
                    var started = Stopwatch.GetTimestamp();
                    var stored = false;
                    try
                    {
                        stored = await sink.SendAsync(item, CancellationToken.None);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or Azure.RequestFailedException or TaskCanceledException)
                    {
                        await Console.Error.WriteLineAsync(ex.Message);
                    }

                    latencies[Interlocked.Increment(ref recorded)] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (!stored) Interlocked.Increment(ref failures);
                }
            }
        }).ToArray();
        await Task.WhenAll(workers);
        clock.Stop();
        return new RunResult(latencies.Length, failures, clock.Elapsed, latencies);
    }
}
