using Callaro.FunctionsHost.Http;
using Callaro.FunctionsHost.Worker;

namespace Callaro.FunctionsHost.Benchmarks;

/// <summary>
/// The worker without the host's HTTP front end: requests go straight to the worker's own HttpUri. The worker
/// serves nothing without the matching InvocationRequest, so this process sends it over gRPC, as the host
/// would; what remains is the cost of the unmodified worker itself.
/// </summary>
internal sealed class WorkerAlone(LocalFunctionsHost host, HostedFunction function, Uri url)
{
    public int WorkerProcessId => host.WorkerProcessId;

    public static async Task<WorkerAlone> StartAsync(string appDirectory, string functionName, string path)
    {
        var host = await LocalFunctionsHost.StartAsync(new LocalFunctionsHostOptions { AppDirectory = appDirectory, Port = 0 });
        var function = host.IndexedFunctions.Single(f => f.Name == functionName);
        return new WorkerAlone(host, function, new Uri(host.WorkerHttpUri, path));
    }

    public async Task<HttpResponseMessage> SendAsync(HttpClient client)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Request.Host = new HostString(url.Authority);
        context.Request.Path = url.AbsolutePath;
        var input = HttpTriggerEndpoints.InputFor(context, function);
        var invocation = host.Invoker.InvokeAsync(function, input, CancellationToken.None);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("x-ms-invocation-id", input.InvocationId);
        var response = await client.SendAsync(request);
        await invocation;
        return response;
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
