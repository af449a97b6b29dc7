using Microsoft.Extensions.Configuration;

namespace Callaro.FunctionsHost.Configuration;

/// <summary>The parts of host.json this host honours: the HTTP route prefix and the log levels.</summary>
internal sealed class HostJson
{
    private HostJson(string routePrefix, IConfiguration logging)
    {
        RoutePrefix = routePrefix;
        Logging = logging;
    }

    /// <summary><c>extensions.http.routePrefix</c>: <c>api</c> unless set; empty means no prefix.</summary>
    public string RoutePrefix { get; }

    /// <summary>The <c>logging</c> section; its <c>logLevel</c> map filters by category like the host's.</summary>
    public IConfiguration Logging { get; }

    public static HostJson Load(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "host.json");
        var builder = new ConfigurationBuilder();
        if (File.Exists(path))
        {
            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }

        var configuration = builder.Build();
        var prefix = configuration["extensions:http:routePrefix"] ?? "api";
        return new HostJson(prefix.Trim('/'), configuration.GetSection("logging"));
    }
}
