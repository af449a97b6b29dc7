using System.Collections.Concurrent;

namespace Callaro.Simulator.Sending;

/// <summary>A delivery that was still not accepted when the sender gave up (4xx, or retries exhausted).</summary>
internal sealed record RejectedDelivery(int DeliveryNumber, string Provider, string Status, string Detail);

/// <summary>Everything measured while posting; thread-safe while the sender runs.</summary>
internal sealed class SendResult
{
    private readonly ConcurrentQueue<double> _latenciesMs = new();
    private readonly ConcurrentDictionary<string, int> _statusCounts = new();
    private readonly ConcurrentQueue<RejectedDelivery> _rejected = new();
    private int _acceptedEvents;
    private int _acceptedDeliveries;
    private int _requests;

    public TimeSpan Elapsed { get; set; }

    public IReadOnlyCollection<double> LatenciesMs => _latenciesMs;

    /// <summary>Responses by status code ("network" for no response at all), every attempt counted.</summary>
    public IReadOnlyDictionary<string, int> StatusCounts => _statusCounts;

    public IReadOnlyCollection<RejectedDelivery> Rejected => _rejected;
    public int AcceptedEvents => _acceptedEvents;
    public int AcceptedDeliveries => _acceptedDeliveries;
    public int Requests => _requests;
    public int Retries => _requests - _acceptedDeliveries - _rejected.Count;

    /// <summary>Events the app acknowledged with 2xx per second of posting.</summary>
    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? _acceptedEvents / Elapsed.TotalSeconds : 0;

    public void RecordAttempt(string status, double latencyMs)
    {
        Interlocked.Increment(ref _requests);
        _statusCounts.AddOrUpdate(status, 1, (_, n) => n + 1);
        if (latencyMs >= 0) _latenciesMs.Enqueue(latencyMs);
    }

    public void RecordAccepted(int events)
    {
        Interlocked.Increment(ref _acceptedDeliveries);
        Interlocked.Add(ref _acceptedEvents, events);
    }

    public void RecordRejected(RejectedDelivery rejected) => _rejected.Enqueue(rejected);
}
