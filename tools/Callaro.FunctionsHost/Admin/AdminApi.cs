using System.Text.Json;
using Callaro.FunctionsHost.Blobs;
using Callaro.FunctionsHost.Rpc;
using Callaro.FunctionsHost.Timers;
using Callaro.FunctionsHost.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Callaro.FunctionsHost.Admin;

/// <summary>
/// <c>POST /admin/functions/{name}</c> with <c>{"input": "..."}</c>: runs the function in the background and
/// answers 202, as the Functions host does (locally without a master key, as <c>func start</c>). An HTTP function
/// is accepted too, and its run fails: the host cannot bind a request from a string.
/// </summary>
internal static class AdminApi
{
    private const string Reason = "This function was programmatically called via the host APIs.";

    public static void MapAdminApi(
        this WebApplication app,
        IReadOnlyList<HostedFunction> functions,
        IReadOnlyList<TimerTrigger> timers,
        IReadOnlyList<BlobTrigger> blobs,
        FunctionInvoker invoker,
        ILoggerFactory log,
        CancellationToken stopping)
    {
        app.MapPost("/admin/functions/{name}", async (string name, HttpRequest request) =>
        {
            var function = functions.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (function is null)
            {
                return Results.NotFound();
            }

            if (await ReadInputAsync(request) is not { } input)
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "The body must be a JSON object with an \"input\" string",
                    detail: "Send {\"input\": \"\"} for a timer, or {\"input\": \"<container>/<blob name>\"} for a blob trigger.");
            }

            _ = Task.Run(() => RunAsync(function, input), CancellationToken.None);
            return Results.Accepted();
        });

        async Task RunAsync(HostedFunction function, string input)
        {
            try
            {
                if (function.IsHttp)
                {
                    // As the Functions host: accepted, then the run fails binding its trigger, which needs a request.
                    await invoker.FailBindingAsync(function, AdminInput(input), "An HttpRequest is required");
                }
                else if (timers.FirstOrDefault(t => t.FunctionName == function.Name) is { } timer)
                {
                    await timer.InvokeNowAsync(stopping);
                }
                else if (blobs.FirstOrDefault(b => b.FunctionName == function.Name) is { } blob)
                {
                    await blob.InvokeForAsync(input, stopping);
                }
                else
                {
                    await invoker.InvokeAsync(function, AdminInput(input), stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception e) when (e is ArgumentException or Azure.RequestFailedException or WorkerUnavailableException)
            {
                log.CreateLogger($"Function.{function.Name}").LogError("The admin call of '{Function}' could not run: {Message}", function.Name, e.Message);
            }
        }
    }

    private static InvocationInput AdminInput(string input) => new(Reason, new TypedData { String = input }, new Dictionary<string, TypedData>());

    private static async Task<string?> ReadInputAsync(HttpRequest request)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty("input", out var input)
                && input.ValueKind is JsonValueKind.String or JsonValueKind.Null
                ? input.GetString() ?? ""
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
