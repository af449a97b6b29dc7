using Callaro.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Callaro.Functions.Tests.Contract;

/// <summary>
/// The Functions host only forwards what a function.json declares, and only to an endpoint the app has.
/// These tests keep the two lists equal so nothing is deployed unreachable or declared without a handler.
/// </summary>
public sealed class FunctionContractTests
{
    [Fact]
    public void EveryFunctionHasAHandlerEndpointInTheApp()
    {
        var endpoints = AppEndpoints();

        var missing = FunctionDefinitions.All()
            .SelectMany(f => (f.AppMethods.Count == 0 ? [""] : f.AppMethods).Select(method => (f, method)))
            .Where(x => !endpoints.Any(e => e.Path == FunctionDefinitions.Normalize(x.f.AppPath) && (x.method == "" || e.Methods.Count == 0 || e.Methods.Contains(x.method))))
            .Select(x => $"Functions/{x.f.Name}/function.json declares {x.method} /{x.f.AppPath} but the app maps no such endpoint")
            .ToList();

        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void EveryAppEndpointIsDeclaredInAFunction()
    {
        var functions = FunctionDefinitions.All();

        var undeclared = AppEndpoints()
            .SelectMany(e => (e.Methods.Count == 0 ? [""] : e.Methods).Select(method => (e, method)))
            .Where(x => !functions.Any(f => FunctionDefinitions.Normalize(f.AppPath) == x.e.Path
                                            && (f.AppMethods.Count == 0 || f.AppMethods.Contains(x.method))))
            .Select(x => $"{x.method} /{x.e.Path} is mapped in the app but no Functions/<Name>/function.json declares it, so the Functions host would never forward it " +
                         "(HTTP: an httpTrigger with route under the 'api' prefix; timer/blob: POST /<Name>)")
            .ToList();

        Assert.True(undeclared.Count == 0, string.Join("\n", undeclared));
    }

    [Fact]
    public void FunctionsAreFound()
    {
        Assert.Contains(FunctionDefinitions.All(), f => f is { Name: "Health", IsHttp: true, Route: "health" });
    }

    private static List<(string Path, IReadOnlyList<string> Methods)> AppEndpoints()
    {
        using var app = new CallaroApplication();
        return app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => (
                FunctionDefinitions.Normalize(e.RoutePattern.RawText ?? ""),
                (IReadOnlyList<string>)(e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToList() ?? [])))
            .ToList();
    }
}
