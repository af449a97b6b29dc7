using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

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
}

/// <summary>Applies <see cref="QueryParameterRules"/> to every HTTP function before anything else reads the query.</summary>
internal sealed class SingleValuedQueryMiddleware : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http && QueryParameterRules.Duplicated(http.Request.Query) is { } problem)
        {
            context.GetInvocationResult().Value = problem;
            return Task.CompletedTask;
        }

        return next(context);
    }
}
