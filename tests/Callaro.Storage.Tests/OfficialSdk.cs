using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Callaro.Storage.Tests;

/// <summary>
/// The official JavaScript storage SDKs, pinned in tools/sdk-check, run with node. Installed with
/// <c>npm ci</c> on first use so a fresh clone works.
/// </summary>
internal static class OfficialSdk
{
    private static readonly Lazy<Task> Install = new(InstallAsync);

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Folder => Path.Combine(RepositoryRoot, "tools", "sdk-check");

    public static async Task<string> RunAsync(string script, params string[] arguments)
    {
        await Install.Value;
        var (exitCode, stdout, stderr) = await ExecAsync("node", Folder, [script, .. arguments]);
        return exitCode == 0 ? stdout : throw new InvalidOperationException($"node {script} failed ({exitCode}): {stderr}");
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task InstallAsync()
    {
        if (Directory.Exists(Path.Combine(Folder, "node_modules", "@azure", "storage-blob"))
            && Directory.Exists(Path.Combine(Folder, "node_modules", "@azure", "data-tables")))
        {
            return;
        }

        var (exitCode, _, stderr) = await ExecAsync("npm", Folder, ["ci", "--no-audit", "--no-fund"]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"npm ci in tools/sdk-check failed ({exitCode}); node and npm must be installed: {stderr}");
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> ExecAsync(string file, string directory, string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Callaro.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root (Callaro.Functions.sln) above the test binaries.");
    }
}

/// <summary>A local HTTP listener that records every request and answers just enough for an SDK to carry on.</summary>
internal sealed class CapturingListener : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public CapturingListener()
    {
        Port = OfficialSdk.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public List<CapturedRequest> Requests { get; } = [];

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var request = context.Request;
            using var body = new MemoryStream();
            await request.InputStream.CopyToAsync(body);
            var headers = request.Headers.AllKeys.Where(k => k is not null)
                .ToDictionary(k => k!, k => string.Join(",", request.Headers.GetValues(k)!), StringComparer.OrdinalIgnoreCase);
            lock (Requests)
            {
                Requests.Add(new CapturedRequest(request.HttpMethod, new Uri(BaseUrl + request.RawUrl), headers, Convert.ToBase64String(body.ToArray())));
            }

            await AnswerAsync(context.Response, request);
        }
    }

    private static async Task AnswerAsync(HttpListenerResponse response, HttpListenerRequest request)
    {
        response.Headers["ETag"] = "\"0x1\"";
        response.Headers["Last-Modified"] = "Wed, 01 Jan 2025 00:00:00 GMT";
        response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        var body = "";
        switch (request.HttpMethod)
        {
            case "GET" when request.Url!.Query.Contains("comp=list", StringComparison.Ordinal):
                response.StatusCode = 200;
                response.ContentType = "application/xml";
                body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults><Blobs /><NextMarker /></EnumerationResults>";
                break;
            case "GET" when (request.Headers["Accept"] ?? "").Contains("json", StringComparison.Ordinal):
                response.StatusCode = 200;
                response.ContentType = "application/json";
                body = "{\"value\":[]}";
                break;
            case "GET" or "HEAD":
                response.StatusCode = 200;
                break;
            case "PUT" or "POST":
                response.StatusCode = 201;
                break;
            case "DELETE":
                response.StatusCode = 202;
                break;
            default:
                response.StatusCode = 204;
                break;
        }

        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        if (response.StatusCode != 204 && request.HttpMethod != "HEAD")
        {
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
        }

        response.Close();
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
