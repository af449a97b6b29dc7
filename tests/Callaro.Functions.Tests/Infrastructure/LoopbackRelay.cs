using System.Net;
using System.Net.Sockets;

namespace Callaro.Functions.Tests.Infrastructure;

/// <summary>
/// Relays TCP connections from a loopback port to <paramref name="target"/>. The in-process worker connects to the
/// host through it, so that stopping the app can cut the worker's gRPC connection the way a worker process's exit
/// does (the worker never closes its channel itself, and the host waits for the stream to end).
/// </summary>
internal sealed class LoopbackRelay : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _connections = [];
    private readonly Uri _target;

    public LoopbackRelay(Uri target)
    {
        _target = target;
        _listener.Start();
        Address = new UriBuilder(target) { Host = "127.0.0.1", Port = ((IPEndPoint)_listener.LocalEndpoint).Port }.Uri;
        _ = AcceptAsync();
    }

    /// <summary>The target's address with the relay's port.</summary>
    public Uri Address { get; }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var inbound = await _listener.AcceptTcpClientAsync();
                var outbound = new TcpClient();
                await outbound.ConnectAsync(_target.Host, _target.Port);
                lock (_connections)
                {
                    _connections.Add(inbound);
                    _connections.Add(outbound);
                }

                _ = PumpAsync(inbound, outbound);
                _ = PumpAsync(outbound, inbound);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopped.
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // One side closed; closing the other follows.
        }
        finally
        {
            from.Close();
            to.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Close();
            }
        }
    }
}
