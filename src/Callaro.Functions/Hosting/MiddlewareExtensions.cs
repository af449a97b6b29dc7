using Callaro.Functions.Problems;

namespace Callaro.Functions.Hosting;

public static class MiddlewareExtensions
{
    /// <summary>The request pipeline every endpoint shares: problem+json for errors, then access, then body rules.</summary>
    public static IApplicationBuilder UseCallaroMiddleware(this IApplicationBuilder app)
    {
        app.UseCallaroProblemDetails();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRequestBodyRules();
        return app;
    }
}
