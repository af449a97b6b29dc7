using System.Diagnostics;

namespace Callaro.Functions.Problems;

public static class ProblemDetailsExtensions
{
    /// <summary>
    /// Every error answer is problem+json with a traceId and a detail a person can act on; exceptions are translated
    /// by <see cref="ProblemTranslationMiddleware"/>.
    /// </summary>
    public static IHostApplicationBuilder AddCallaroProblemDetails(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = Customize);
        return builder;
    }

    private static void Customize(ProblemDetailsContext context) =>
        context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
}
