using System.Net;
using System.Net.Sockets;

namespace Callaro.Functions.Tests.Infrastructure;

/// <summary>
/// A loopback listener that accepts every connection and never answers: storage that is "up" but stalled,
/// the case where a client without a network timeout waits minutes.
/// </summary>
public sealed class StalledStorage : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private int _accepted;

    public StalledStorage()
    {
        _listener.Start();
        _ = AcceptForeverAsync();
    }

    public string ConnectionString => Azurite.ConnectionStringToPort(((IPEndPoint)_listener.LocalEndpoint).Port);

    /// <summary>Connections the app opened: proof that it really tried storage.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptForeverAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_held) _held.Add(client);
                Interlocked.Increment(ref _accepted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_held)
        {
            foreach (var client in _held) client.Dispose();
        }
        _stop.Dispose();
    }
}
