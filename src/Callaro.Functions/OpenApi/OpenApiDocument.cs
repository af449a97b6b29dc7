using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.RegularExpressions;
using Callaro.Functions.Access;
using Callaro.Functions.Problems;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;

namespace Callaro.Functions.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document of the JSON API, built from the app's own <c>[Function]</c> methods, so it cannot list a
/// route the app does not serve or miss one it does: the route and methods from <c>[HttpTrigger]</c>, access from
/// <c>[Access]</c>, query parameters from <c>[TakesQuery]</c> (the catalogue the parsers read), bodies from <c>[AcceptsBody]</c>, and the answers from the typed results each function returns
/// (the metadata ASP.NET Core's <c>Ok&lt;T&gt;</c>, <c>ValidationProblem</c>, … describe themselves with), their
/// bodies as JSON Schema from the response records. Functions that return an untyped <see cref="IResult"/> are the
/// pages for people (HTML, sign-in) and are not part of the API.
/// </summary>
public static partial class OpenApiDocument
{
    public const string RoutePrefix = "api";

    // How typed results write their bodies: the web defaults (camelCase; numbers are written as numbers).
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };
    private static readonly Lazy<string> Built = new(() => Build().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>The document as served, built once.</summary>
    public static string Text => Built.Value;

    /// <summary>The operations of the API: every HTTP function with a typed result.</summary>
    public static IEnumerable<ApiOperation> Operations() =>
        from type in typeof(OpenApiDocument).Assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(t => t is not null)
        where function is not null && trigger is not null && ResultType(method) != typeof(IResult)
        from verb in trigger.Methods ?? []
        orderby trigger.Route, verb
        select new ApiOperation(function.Name, "/" + RoutePrefix + "/" + trigger.Route, verb.ToLowerInvariant(), method);

    public static JsonObject Build()
    {
        var paths = new JsonObject();
        foreach (var operation in Operations())
        {
            if (paths[operation.Path] is not JsonObject item) paths[operation.Path] = item = new JsonObject();
            item[operation.Method] = Operation(operation);
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "Callaro Functions",
                ["version"] = "1",
                ["description"] = "The call log's JSON API. Every error is application/problem+json with a detail saying what to do; storage trouble answers 503 with Retry-After.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = "An access key as 'Authorization: Bearer <key>'." },
                    ["apiKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Api-Key" },
                },
                ["schemas"] = new JsonObject { ["Problem"] = Schema(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails)) },
            },
        };
    }

    private static JsonObject Operation(ApiOperation operation)
    {
        var method = operation.Function;
        var access = method.GetCustomAttribute<AccessAttribute>();
        var result = new JsonObject { ["operationId"] = operation.Name };

        var parameters = new JsonArray();
        foreach (Match m in PathParameter().Matches(operation.Path))
            parameters.Add(new JsonObject { ["name"] = m.Groups[1].Value, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
        foreach (var query in method.GetCustomAttribute<TakesQueryAttribute>()?.Parameters ?? [])
            parameters.Add(query.ToOpenApi());
        if (parameters.Count > 0) result["parameters"] = parameters;

        if (method.GetCustomAttribute<AcceptsBodyAttribute>() is { } body)
        {
            var content = new JsonObject();
            foreach (var type in body.ContentTypes) content[type] = new JsonObject();
            result["requestBody"] = new JsonObject { ["required"] = true, ["content"] = content, ["description"] = $"At most {body.MaxBytes} bytes." };
        }

        if (method.GetCustomAttribute<SignedBySenderAttribute>() is not null)
            result["description"] = "A telephony webhook: the sender's signature is the authentication (see the README), and a 200 means the events are stored.";
        if (access is not null)
            result["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }, new JsonObject { ["apiKey"] = new JsonArray() });

        result["responses"] = Responses(method, access);
        return result;
    }

    private static JsonObject Responses(MethodInfo method, AccessAttribute? access)
    {
        var responses = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var produced in Produces(method))
        {
            var status = produced.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var content = new JsonObject();
            var contentTypes = produced.ContentTypes.Any() ? produced.ContentTypes : ["application/json"];
            foreach (var type in contentTypes)
                content[type] = new JsonObject { ["schema"] = type.Contains("problem", StringComparison.Ordinal) ? ProblemRef() : Schema(produced.Type) };
            responses[status] = new JsonObject { ["description"] = Describe(produced.StatusCode), ["content"] = content };
        }
        // Results without a description of their own (a file, text) still answer 200.
        if (!responses.Keys.Any(k => k[0] is '2' or '3'))
            responses["200"] = new JsonObject { ["description"] = "OK" };
        if (access is not null)
        {
            responses["401"] = Problem("Nobody could be identified: send an access key.");
            responses["403"] = Problem("The key lacks the role or the workspace.");
        }
        if (access?.KnownWorkspace == true)
            responses["404"] = Problem("The workspace never received a call or settings.");
        responses["503"] = Problem("Storage is unavailable; retry after Retry-After seconds.");
        var all = new JsonObject();
        foreach (var (status, response) in responses) all[status] = response;
        all["default"] = Problem("Any other error, as problem+json.");
        return all;
    }

    /// <summary>What the function's typed result says it answers (<see cref="IEndpointMetadataProvider"/>).</summary>
    private static IEnumerable<IProducesResponseTypeMetadata> Produces(MethodInfo method)
    {
        var type = ResultType(method);
        if (!typeof(IEndpointMetadataProvider).IsAssignableFrom(type)) return [];
        var builder = new RouteEndpointBuilder(_ => Task.CompletedTask, RoutePatternFactory.Parse("/"), 0);
        var populate = type.GetInterfaceMap(typeof(IEndpointMetadataProvider)).TargetMethods.Single();
        populate.Invoke(null, [method, builder]);
        return builder.Metadata.OfType<IProducesResponseTypeMetadata>();
    }

    private static Type ResultType(MethodInfo method) =>
        method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>)
            ? method.ReturnType.GetGenericArguments()[0]
            : method.ReturnType;

    private static JsonNode Schema(Type? type) =>
        type is null || type == typeof(void) ? new JsonObject() : JsonSchemaExporter.GetJsonSchemaAsNode(Json, type);

    private static JsonObject ProblemRef() => new() { ["$ref"] = "#/components/schemas/Problem" };

    private static JsonObject Problem(string description) =>
        new() { ["description"] = description, ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = ProblemRef() } } };

    private static string Describe(int status) => status switch
    {
        200 => "OK",
        302 => "Found: a redirect to the resource",
        400 => "The request is not valid; errors name each parameter.",
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
    };

    [GeneratedRegex(@"\{([^}:?]+)[^}]*\}")]
    private static partial Regex PathParameter();
}

/// <summary>One operation of the API: the function, its path (with the route prefix) and its lowercase HTTP method.</summary>
public sealed record ApiOperation(string Name, string Path, string Method, MethodInfo Function);
