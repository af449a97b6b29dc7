using System.Net;
using System.Net.Sockets;

namespace Callaro.Functions.Tests.Infrastructure;

public static class Azurite
{
    /// <summary>Azurite's well-known development account key (public, not a secret).</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>A well-formed connection string to a port where nothing listens.</summary>
    public static string ConnectionStringToClosedPort() => ConnectionStringToPort(ClosedPort());

    /// <summary>A well-formed development-account connection string whose table and blob endpoints are 127.0.0.1:<paramref name="port"/>.</summary>
    public static string ConnectionStringToPort(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
