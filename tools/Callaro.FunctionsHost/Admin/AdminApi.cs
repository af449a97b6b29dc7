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
/// <c>POST /admin/functions/{name}</c> with <c>{"input": "..."}</c>: runs a non-HTTP function in the background
/// and answers 202, as the Functions host does (locally without a master key, as <c>func start</c>).
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

            if (function.IsHttp)
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "HTTP functions are not run through the admin API",
                    detail: $"'{function.Name}' is an HTTP function: call its URL instead.");
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
                if (timers.FirstOrDefault(t => t.FunctionName == function.Name) is { } timer)
                {
                    await timer.InvokeNowAsync(stopping);
                }
                else if (blobs.FirstOrDefault(b => b.FunctionName == function.Name) is { } blob)
                {
                    await blob.InvokeForAsync(input, stopping);
                }
                else
                {
                    await invoker.InvokeAsync(function, new InvocationInput(Reason, new TypedData { String = input }, new Dictionary<string, TypedData>()), stopping);
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
