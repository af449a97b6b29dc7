namespace Callaro.FunctionsHost.Benchmarks;

/// <summary>The baseline: the sample Hello function's handler in a plain ASP.NET Core app.</summary>
internal static class BareApp
{
    public static async Task<int> RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/sample/Hello", () => TypedResults.Text("hello"));
        await app.RunAsync();
        return 0;
    }
}
