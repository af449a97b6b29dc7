using Callaro.Core;
using Callaro.Core.Attachments;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http.HttpResults;
using Callaro.Functions.Problems;

namespace Callaro.Functions.Invocations;

/// <summary>
/// The custom-handler invocation endpoints: <c>POST /{FunctionName}</c> for every non-HTTP function.
/// The Functions host calls them, and so does the local trigger runner, so there is one code path.
/// 2xx = the invocation succeeded; 400 = the payload is not the host's shape (retrying cannot help);
/// 5xx (storage trouble, via the app's exception handler) = failed, and the host retries the blob.
/// </summary>
public static class InvocationEndpoints
{
    /// <summary>Function names (= folder names under <c>Functions/</c>, = invocation routes).</summary>
    public const string RecordingBlobTrigger = nameof(RecordingBlobTrigger);

    /// <inheritdoc cref="RecordingBlobTrigger"/>
    public const string TranscriptBlobTrigger = nameof(TranscriptBlobTrigger);

    /// <summary>
    /// Host payloads carry blob content base64 (4/3 of the blob); allow recordings up to ~150 MiB.
    /// Name-only bindings (see README) make this moot.
    /// </summary>
    public const long MaxInvocationBytes = 200L * 1024 * 1024;

    /// <summary>Maps the blob-trigger invocation endpoints.</summary>
    public static IEndpointRouteBuilder MapInvocations(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapInvocation(RecordingBlobTrigger, HandleRecordingAsync);
        endpoints.MapInvocation(TranscriptBlobTrigger, HandleTranscriptAsync);
        return endpoints;
    }

    /// <summary>
    /// Maps one function's invocation endpoint with the host's contract: the payload is read and checked
    /// (400 problem+json when it is not <c>{"Data":{},"Metadata":{}}</c>), then <paramref name="handler"/>
    /// runs and its log lines are returned in the host's response shape. Exceptions other than
    /// <see cref="InvalidInvocationException"/> propagate to the app's exception handler (storage -> 503).
    /// Other teams map their timer functions with this too (e.g. the health report).
    /// </summary>
    public static RouteHandlerBuilder MapInvocation(this IEndpointRouteBuilder endpoints, string functionName,
        Func<HostInvocation, HttpContext, CancellationToken, Task<InvocationResponse>> handler) =>
        endpoints.MapPost("/" + functionName, async Task<Results<Ok<InvocationResponse>, ProblemHttpResult>> (HttpContext http) =>
            {
                var (invocation, problem) = await HostInvocation.ReadAsync(http.Request.Body, http.RequestAborted);
                if (invocation is null) return BadInvocation(functionName, problem!);
                using (invocation)
                {
                    try
                    {
                        return TypedResults.Ok(await handler(invocation, http, http.RequestAborted));
                    }
                    catch (InvalidInvocationException e)
                    {
                        return BadInvocation(functionName, e.Message);
                    }
                }
            })
            .WithName("Invoke" + functionName)
            .WithTags("Invocations")
            .ExcludeFromDescription()
            // Only the Functions host (over loopback) and the local runner call these; they are not public routes.
            .AllowAnonymous()
            // Host payloads carry blob content base64. The content type is not checked: a host that left it
            // out would otherwise be refused on every retry.
            .AcceptsBody(MaxInvocationBytes);

    private static ProblemHttpResult BadInvocation(string functionName, string detail) =>
        TypedResults.Problem(title: "Malformed invocation", detail: $"{functionName}: {detail}", statusCode: StatusCodes.Status400BadRequest);

    private static async Task<InvocationResponse> HandleRecordingAsync(HostInvocation invocation, HttpContext http, CancellationToken cancellationToken)
    {
        var services = http.RequestServices;
        var blob = await BlobTriggerInput.ReadAsync(invocation, services.GetRequiredService<StorageNames>().RecordingsContainer, services.GetRequiredService<BlobServiceClient>(), cancellationToken);

        ReadOnlyMemory<byte>? header = null;
        if (BlobTriggerInput.Content(invocation) is { } content)
        {
            if (!HostValues.TryDecodeBase64Prefix(content, RecordingMetadata.HeaderBytes, out var bytes))
                throw new InvalidInvocationException($"Data.{BlobTriggerInput.BindingName} is not base64; declare the binding with \"dataType\": \"binary\".");
            header = bytes;
        }

        var processed = await services.GetRequiredService<AttachmentProcessor>().ProcessRecordingAsync(blob, header, cancellationToken);
        return Report(services, processed, blob);
    }

    private static async Task<InvocationResponse> HandleTranscriptAsync(HostInvocation invocation, HttpContext http, CancellationToken cancellationToken)
    {
        var services = http.RequestServices;
        var blob = await BlobTriggerInput.ReadAsync(invocation, services.GetRequiredService<StorageNames>().TranscriptsContainer, services.GetRequiredService<BlobServiceClient>(), cancellationToken);

        ReadOnlyMemory<byte>? bytes = null;
        if (BlobTriggerInput.Content(invocation) is { } content)
        {
            if (content.ValueKind != System.Text.Json.JsonValueKind.String || !content.TryGetBytesFromBase64(out var decoded))
                throw new InvalidInvocationException($"Data.{BlobTriggerInput.BindingName} is not base64; declare the binding with \"dataType\": \"binary\".");
            bytes = decoded;
        }

        var processed = await services.GetRequiredService<AttachmentProcessor>().ProcessTranscriptAsync(blob, bytes, cancellationToken);
        return Report(services, processed, blob);
    }

    // A blob whose name names no call is not an error of the invocation: retrying would fail the same way
    // forever. It is logged (warning), listed as an attachment issue by the processor, and answered 2xx.
    private static InvocationResponse Report(IServiceProvider services, ProcessedBlob processed, TriggeredBlob blob)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(InvocationEndpoints).FullName!);
        if (processed.IsRejected)
        {
            logger.LogWarning("Blob {Container}/{Blob} ignored: {Reason}", blob.Container, blob.Name, processed.RejectedReason);
            return InvocationResponse.Success($"Ignored {blob.Container}/{blob.Name}: {processed.RejectedReason} Listed as an attachment issue for the health report.");
        }

        var name = processed.Name!;
        var kind = AttachmentStore.KindWord(name.Kind);
        var line = processed.Attach!.Outcome switch
        {
            AttachOutcome.Attached when processed.Attach.CallKnown == false =>
                $"Kept {kind} {blob.Container}/{blob.Name} as pending: call '{name.CallId}' in workspace '{name.WorkspaceId}' has no events yet.",
            AttachOutcome.Attached => $"Attached {kind} {blob.Container}/{blob.Name} to call '{name.CallId}' in workspace '{name.WorkspaceId}'.",
            AttachOutcome.AlreadyAttached => $"{blob.Container}/{blob.Name} version {blob.Version.ETag} was already attached; nothing changed.",
            _ => $"{blob.Container}/{blob.Name} version {blob.Version.ETag} is older than the attached one; ignored.",
        };
        logger.LogInformation("{Outcome}", line);
        return InvocationResponse.Success(line);
    }
}
