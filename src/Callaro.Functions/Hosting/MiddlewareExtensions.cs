using Callaro.Functions.Problems;

namespace Callaro.Functions.Hosting;

public static class MiddlewareExtensions
{
    /// <summary>The request pipeline every endpoint shares: problem+json for errors, the request deadline, then access, then body rules.</summary>
    public static IApplicationBuilder UseCallaroMiddleware(this IApplicationBuilder app)
    {
        app.UseCallaroProblemDetails();
        app.UseRequestDeadline();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRequestBodyRules();
        return app;
    }
}
