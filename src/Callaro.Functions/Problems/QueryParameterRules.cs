using Callaro.Functions.Hosting;
using Callaro.Functions.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Callaro.Functions.Problems;

/// <summary>
/// A query parameter given twice is refused before any endpoint runs. Binding would otherwise pick one
/// of the values or join them ("wsa,wsb"), so a check could pass on one value while the work is done
/// on another. A parameter an API endpoint does not take (<see cref="TakesQueryAttribute"/>) is refused too, so a
/// mistyped filter (<c>operater=op-7</c>) is not answered with everything, unfiltered.
/// </summary>
public static class QueryParameterRules
{
    /// <summary>The parameters that are lists and may repeat (<c>status=missed&amp;status=failed</c>).</summary>
    public static readonly IReadOnlySet<string> MultiValued =
        Enum.GetValues<QuerySet>().SelectMany(QueryParameters.Of).Where(p => p.Repeats).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <returns>The 400 naming every parameter the endpoint does not take, with the ones it does, or null when there is none.</returns>
    public static ProblemHttpResult? Unknown(IQueryCollection query, IReadOnlyList<QueryParameter> takes)
    {
        // Names match as the request's query collection matches them when the parsers read it: ignoring case.
        var taken = takes.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var accepted = takes.Count == 0 ? "none" : string.Join(", ", taken);
        var errors = query.Keys.Where(k => !taken.Contains(k))
            .ToDictionary(k => k, k => new[] { $"This endpoint does not take {k}; it takes {accepted}." }, StringComparer.OrdinalIgnoreCase);
        return Refused(errors, "Nothing was read or changed. Leave out (or correct) the parameters under errors.");
    }

    /// <returns>The 400 naming every repeated single-valued parameter, or null when there is none.</returns>
    public static ProblemHttpResult? Duplicated(IQueryCollection query)
    {
        var errors = query
            .Where(p => p.Value.Count > 1 && !MultiValued.Contains(p.Key))
            .ToDictionary(p => p.Key, p => new[] { $"{p.Key} is given {p.Value.Count} times; give it once." }, StringComparer.Ordinal);
        return Refused(errors, "Nothing was read or changed. Send each of the parameters under errors once.");
    }

    private static ProblemHttpResult? Refused(Dictionary<string, string[]> errors, string detail) =>
        errors.Count == 0
            ? null
            : TypedResults.Problem(
                title: "One or more validation errors occurred.",
                detail: detail,
                statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["errors"] = errors });
}

/// <summary>Applies <see cref="QueryParameterRules"/> to every HTTP function (unknown parameters where it declares what it takes) before anything else reads the query.</summary>
internal sealed class QueryParameterMiddleware : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http
            && (QueryParameterRules.Duplicated(http.Request.Query)
                ?? (FunctionMetadata.Get<TakesQueryAttribute>(context) is { } takes ? QueryParameterRules.Unknown(http.Request.Query, takes.Parameters) : null)) is { } problem)
        {
            context.GetInvocationResult().Value = problem;
            return Task.CompletedTask;
        }

        return next(context);
    }
}
