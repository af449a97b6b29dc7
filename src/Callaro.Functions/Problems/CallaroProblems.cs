using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callaro.Functions.Problems;

/// <summary>
/// The problem+json answers every endpoint shares, so one situation always reads the same way.
/// Each <c>detail</c> tells the caller what to do next.
/// </summary>
public static class CallaroProblems
{
    /// <summary>How long a client should wait before retrying after storage trouble.</summary>
    public static readonly TimeSpan StorageRetryAfter = TimeSpan.FromSeconds(10);

    public const string StorageUnavailableDetail = "Storage is unavailable; the request was not stored; retry.";

    public static ProblemHttpResult StorageUnavailable(string? storageErrorCode = null) =>
        TypedResults.Problem(
            title: "Storage is unavailable",
            detail: StorageUnavailableDetail,
            statusCode: StatusCodes.Status503ServiceUnavailable,
            extensions: storageErrorCode is null ? null : new Dictionary<string, object?> { ["storageErrorCode"] = storageErrorCode });

    public static ProblemHttpResult PayloadTooLarge(long? limitBytes) =>
        TypedResults.Problem(
            title: "Request body too large",
            detail: limitBytes is null
                ? "The request body is larger than this endpoint accepts. Send a smaller body, e.g. fewer events per request."
                : string.Create(CultureInfo.InvariantCulture,
                    $"The request body is larger than this endpoint accepts ({limitBytes} bytes). Send a smaller body, e.g. fewer events per request."),
            statusCode: StatusCodes.Status413PayloadTooLarge,
            extensions: limitBytes is null ? null : new Dictionary<string, object?> { ["limitBytes"] = limitBytes });

    public static ProblemHttpResult UnsupportedMediaType(string? received, IReadOnlyCollection<string> accepted) =>
        TypedResults.Problem(
            title: "Unsupported content type",
            detail: $"The request's Content-Type is {(string.IsNullOrEmpty(received) ? "missing" : $"'{received}'")}; this endpoint accepts {string.Join(" or ", accepted)}. Resend the body with one of those content types.",
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            extensions: new Dictionary<string, object?> { ["accepted"] = accepted.ToArray() });

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(title: "Not found", detail: detail, statusCode: StatusCodes.Status404NotFound);

    /// <summary>404 for a workspace that never received a call or settings, naming it.</summary>
    public static ProblemHttpResult UnknownWorkspace(string workspace) =>
        TypedResults.Problem(
            title: "Unknown workspace",
            detail: Core.Workspaces.KnownWorkspaces.Unknown(workspace),
            statusCode: StatusCodes.Status404NotFound,
            extensions: new Dictionary<string, object?> { ["workspace"] = workspace });

    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(title: "Bad request", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    public static ProblemHttpResult PreconditionFailed(string detail) =>
        TypedResults.Problem(title: "Changed since read", detail: detail, statusCode: StatusCodes.Status412PreconditionFailed);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(title: "Conflict", detail: detail, statusCode: StatusCodes.Status409Conflict);

    /// <summary>401: nobody could be identified. The wording makes clear this is not an empty log.</summary>
    public static ProblemHttpResult Unauthenticated(string detail) =>
        TypedResults.Problem(
            title: "Access denied: sign-in required",
            detail: detail + " This is an access problem, not an empty log.",
            statusCode: StatusCodes.Status401Unauthorized);

    /// <summary>403: the caller is known but may not see this. The wording makes clear this is not an empty log.</summary>
    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(
            title: "Access denied: not allowed",
            detail: detail + " This is an access problem, not an empty log.",
            statusCode: StatusCodes.Status403Forbidden);
}
