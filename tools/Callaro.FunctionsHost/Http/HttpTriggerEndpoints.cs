using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using Callaro.FunctionsHost.Rpc;
using Callaro.FunctionsHost.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace Callaro.FunctionsHost.Http;

/// <summary>
/// Routes requests to HTTP functions by their route templates under host.json's route prefix, and forwards
/// each to the worker's own HTTP server (ASP.NET Core integration) alongside the matching InvocationRequest.
/// </summary>
internal static class HttpTriggerEndpoints
{
    // The invocation reason the Functions host logs for HTTP-triggered runs.
    private const string Reason = "This function was programmatically called via the host APIs.";

    public static string RouteOf(HostedFunction function, string routePrefix)
    {
        var route = (function.TriggerText("route") ?? function.Name).Trim('/');
        return routePrefix.Length == 0 ? route : $"{routePrefix}/{route}";
    }

    public static IReadOnlyList<string> MethodsOf(HostedFunction function) =>
        function.Trigger.TryGetProperty("methods", out var methods) && methods.ValueKind == JsonValueKind.Array
            ? methods.EnumerateArray().Select(m => (m.GetString() ?? "").ToUpperInvariant()).Where(m => m.Length > 0).ToList()
            : [];

    public static void MapHttpFunctions(this WebApplication app, IEnumerable<HostedFunction> functions, string routePrefix, HttpForwarder forwarder)
    {
        // The Functions host answers a known route with a method the function does not take as an unknown route:
        // 404, not endpoint routing's 405.
        app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.DisplayName == "405 HTTP Method Not Supported")
            {
                context.SetEndpoint(null);
            }

            return next(context);
        });

        foreach (var function in functions.Where(f => f.IsHttp))
        {
            var pattern = RouteOf(function, routePrefix);
            var methods = MethodsOf(function);
            RequestDelegate handler = context => forwarder.ForwardAsync(context, function, InputFor(context, function));
            var endpoint = methods.Count == 0 ? app.Map(pattern, handler) : app.MapMethods(pattern, methods, handler);
            endpoint.WithDisplayName(function.Name);
        }
    }

    internal static InvocationInput InputFor(HttpContext context, HostedFunction function)
    {
        var metadata = new Dictionary<string, TypedData>(StringComparer.OrdinalIgnoreCase);
        var routeValues = new Dictionary<string, string>();
        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value?.ToString() is { } text)
            {
                routeValues[name] = text;
                metadata[name] = new TypedData { String = text };
            }
        }

        metadata["Query"] = new TypedData { Json = JsonObjectOf(context.Request.Query) };
        metadata["Headers"] = new TypedData { Json = JsonObjectOf(context.Request.Headers) };

        // With the request proxied to the worker, the host keeps `req` minimal: only route parameters go along.
        var http = new RpcHttp();
        http.Params.Add(routeValues);
        return new InvocationInput(Reason, new TypedData { Http = http }, metadata);
    }

    /// <summary>Names and values as one JSON object, repeated values joined by commas as the host binds them.</summary>
    private static string JsonObjectOf(IEnumerable<KeyValuePair<string, StringValues>> pairs)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, values) in pairs)
            {
                json.WriteString(name, values.ToString());
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

/// <summary>Streams a request to the worker's HttpUri and its answer back, tied to the invocation by id.</summary>
internal sealed class HttpForwarder(Uri workerHttpUri, FunctionInvoker invoker) : IDisposable
{
    /// <summary>
    /// The worker's HTTP side answers 200 with an empty body when the function throws, and reports the failure
    /// only in the InvocationResponse. A response that ends within this many bytes is held until the
    /// invocation's outcome is known, so a failure can become a 500; longer ones stream straight through
    /// (holding them would deadlock the worker, which finishes the invocation only after writing its body).
    /// </summary>
    internal const int HeldResponseBytes = 64 * 1024;

    private static readonly HashSet<string> HopByHopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade", "Host",
    };

    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(10),
    });

    public async Task ForwardAsync(HttpContext context, HostedFunction function, InvocationInput input)
    {
        var aborted = context.RequestAborted;
        var invocation = invoker.InvokeAsync(function, input, aborted);
        using var request = ToWorkerRequest(context, input.InvocationId);
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, aborted);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            var outcome = await invocation;
            if (!aborted.IsCancellationRequested)
            {
                context.Response.StatusCode = outcome.Succeeded ? StatusCodes.Status502BadGateway : StatusCodes.Status500InternalServerError;
            }

            return;
        }

        using (response)
        {
            try
            {
                await CopyResponseAsync(context, response, invocation, aborted);
            }
            catch (Exception e) when (aborted.IsCancellationRequested && e is OperationCanceledException or IOException)
            {
                // The client hung up mid-answer; the invocation was cancelled with it and logs its own end.
                await invocation;
            }
        }
    }

    public void Dispose() => _client.Dispose();

    private HttpRequestMessage ToWorkerRequest(HttpContext context, string invocationId)
    {
        var source = context.Request;
        var target = new Uri(workerHttpUri, source.PathBase.Add(source.Path).ToUriComponent() + source.QueryString.ToUriComponent());
        var request = new HttpRequestMessage(HttpMethod.Parse(source.Method), target) { Version = HttpVersion.Version11 };
        if (source.ContentLength > 0 || source.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(source.Body);
        }
        else if (source.ContentLength == 0)
        {
            request.Content = new ByteArrayContent([]);
        }

        foreach (var (name, values) in source.Headers)
        {
            if (HopByHopHeaders.Contains(name))
            {
                continue;
            }

            if (!AddWithoutValidation(request.Headers, name, values))
            {
                AddWithoutValidation(request.Content?.Headers, name, values);
            }
        }

        request.Headers.Remove("x-ms-invocation-id");
        request.Headers.TryAddWithoutValidation("x-ms-invocation-id", invocationId);
        request.Headers.Remove("X-Forwarded-For");
        request.Headers.Remove("X-Forwarded-Host");
        request.Headers.Remove("X-Forwarded-Proto");
        if (context.Connection.RemoteIpAddress is { } client)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", client.ToString());
        }

        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", source.Host.ToUriComponent());
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", source.Scheme);
        return request;
    }

    private static async Task CopyResponseAsync(HttpContext context, HttpResponseMessage response, Task<FunctionInvocation> invocation, CancellationToken aborted)
    {
        await using var body = await response.Content.ReadAsStreamAsync(aborted);
        var held = ArrayPool<byte>.Shared.Rent(HeldResponseBytes);
        try
        {
            await CopyResponseAsync(context, response, body, held, invocation, aborted);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(held);
        }
    }

    private static async Task CopyResponseAsync(
        HttpContext context, HttpResponseMessage response, Stream body, byte[] held, Task<FunctionInvocation> invocation, CancellationToken aborted)
    {
        var count = 0;
        var ended = false;
        while (count < HeldResponseBytes)
        {
            var read = await body.ReadAsync(held.AsMemory(count, HeldResponseBytes - count), aborted);
            if (read == 0)
            {
                ended = true;
                break;
            }

            count += read;
        }

        if (ended && !(await invocation).Succeeded)
        {
            // As the Functions host: an unhandled function exception is a bare 500.
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        context.Response.StatusCode = (int)response.StatusCode;
        CopyHeaders(response.Headers, context.Response);
        CopyHeaders(response.Content.Headers, context.Response);
        await context.Response.Body.WriteAsync(held.AsMemory(0, count), aborted);
        if (!ended)
        {
            await body.CopyToAsync(context.Response.Body, aborted);
        }

        await invocation;
    }

    private static bool AddWithoutValidation(System.Net.Http.Headers.HttpHeaders? headers, string name, StringValues values) =>
        headers is not null && (values.Count == 1
            ? headers.TryAddWithoutValidation(name, values[0])
            : headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values));

    private static void CopyHeaders(System.Net.Http.Headers.HttpHeaders headers, HttpResponse response)
    {
        // The worker's header values pass through as it wrote them: parsing them (what enumerating HttpHeaders
        // does, under a lock) would cost every request for nothing.
        foreach (var (name, values) in headers.NonValidated)
        {
            if (!HopByHopHeaders.Contains(name))
            {
                response.Headers[name] = values.Count == 1 ? values.ToString() : new StringValues([.. values]);
            }
        }
    }
}
