using Microsoft.AspNetCore.Http.HttpResults;

namespace Callaro.Functions.Problems;

/// <summary>
/// A query parameter given twice is refused before any endpoint runs. Binding would otherwise pick one
/// of the values or join them ("wsa,wsb"), so a check could pass on one value while the work is done
/// on another.
/// </summary>
public static class QueryParameterRules
{
    /// <summary>The parameters that are lists and may repeat (<c>status=missed&amp;status=failed</c>).</summary>
    public static readonly IReadOnlySet<string> MultiValued = new HashSet<string>(["status"], StringComparer.OrdinalIgnoreCase);

    /// <returns>The 400 naming every repeated single-valued parameter, or null when there is none.</returns>
    public static ProblemHttpResult? Duplicated(IQueryCollection query)
    {
        var errors = query
            .Where(p => p.Value.Count > 1 && !MultiValued.Contains(p.Key))
            .ToDictionary(p => p.Key, p => new[] { $"{p.Key} is given {p.Value.Count} times; give it once." }, StringComparer.Ordinal);
        return errors.Count == 0
            ? null
            : TypedResults.Problem(
                title: "One or more validation errors occurred.",
                detail: "Nothing was read or changed. Send each of the parameters under errors once.",
                statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["errors"] = errors });
    }

    public static IApplicationBuilder UseSingleValuedQueryParameters(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (Duplicated(context.Request.Query) is { } problem)
            {
                await problem.ExecuteAsync(context);
                return;
            }

            await next(context);
        });
}
