using System.Diagnostics;

namespace Callaro.Functions.Problems;

public static class ProblemDetailsExtensions
{
    /// <summary>Every error answer is problem+json with a traceId and a detail a person can act on.</summary>
    public static IHostApplicationBuilder AddCallaroProblemDetails(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = Customize);
        builder.Services.AddExceptionHandler<CallaroExceptionHandler>();
        return builder;
    }

    /// <summary>Exceptions and empty error answers (unknown routes, 405, 415 from binding) become problem+json.</summary>
    public static IApplicationBuilder UseCallaroProblemDetails(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    private static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var http = context.HttpContext;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        problem.Detail ??= DefaultDetail(problem.Status, http);
    }

    // The framework leaves these answers without a body; say what to do about them.
    private static string? DefaultDetail(int? status, HttpContext http) => status switch
    {
        StatusCodes.Status404NotFound when http.GetEndpoint() is null =>
            $"There is no endpoint at {http.Request.Method} {http.Request.Path}. Check the address; README.md lists the API (e.g. GET /api/health).",
        StatusCodes.Status404NotFound => "The requested item does not exist. Check the id, or list the items to find it.",
        StatusCodes.Status405MethodNotAllowed =>
            $"{http.Request.Method} is not allowed at {http.Request.Path}. README.md lists the methods each endpoint accepts.",
        StatusCodes.Status415UnsupportedMediaType =>
            $"The request's Content-Type '{http.Request.ContentType}' is not accepted here. Send the body as application/json unless the API says otherwise.",
        StatusCodes.Status413PayloadTooLarge => "The request body is larger than this endpoint accepts. Send a smaller body.",
        StatusCodes.Status400BadRequest => "The request could not be read. Check the body and parameters against the API in README.md and send it again.",
        _ => null,
    };
}
