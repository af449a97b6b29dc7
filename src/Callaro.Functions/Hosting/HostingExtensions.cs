using System.Globalization;
using Callaro.Functions.Configuration;

namespace Callaro.Functions.Hosting;

public static class HostingExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:7071";
    public const string PortSetting = "CALLARO_PORT";

    /// <summary>
    /// Listens where the Functions host forwards to (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c>); without the host,
    /// on <c>CALLARO_PORT</c>, else <c>--urls</c>/<c>ASPNETCORE_URLS</c>, else http://127.0.0.1:7071.
    /// </summary>
    public static WebApplicationBuilder UseCallaroUrls(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (Port(configuration, FunctionsHost.PortSetting) is { } hostPort)
        {
            builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://localhost:{hostPort}"));
        }
        else if (Port(configuration, PortSetting) is { } port)
        {
            builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        }
        else if (string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }

    /// <summary>
    /// ASP.NET Core's per-request Information logs (request started/finished, endpoint executing, result
    /// written: about six lines per webhook) cost about a third of the app's CPU per ingested event, and the
    /// Azure SDK logs every storage request and response with its headers at Information; both default to
    /// Warning, as in the ASP.NET Core templates. Only a default: any <c>Logging:LogLevel</c> setting for the
    /// category (e.g. <c>Logging__LogLevel__Microsoft.AspNetCore=Information</c>, <c>Logging__LogLevel__Azure.Core=Information</c>) wins.
    /// </summary>
    public static WebApplicationBuilder AddCallaroLoggingDefaults(this WebApplicationBuilder builder)
    {
        builder.Services.PostConfigure<LoggerFilterOptions>(options =>
        {
            foreach (var category in QuietCategories)
            {
                var configured = options.Rules.Any(r => r.ProviderName is null && string.Equals(r.CategoryName, category, StringComparison.OrdinalIgnoreCase));
                if (!configured)
                {
                    options.Rules.Add(new LoggerFilterRule(null, category, LogLevel.Warning, null));
                }
            }
        });
        return builder;
    }

    public const string AspNetCoreCategory = "Microsoft.AspNetCore";

    public const string AzureSdkCategory = "Azure.Core";

    private static readonly string[] QuietCategories = [AspNetCoreCategory, AzureSdkCategory];

    private static int? Port(IConfiguration configuration, string name)
    {
        var value = configuration[name];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new InvalidOperationException($"{name}='{value}' is not a TCP port; set it to a number between 1 and 65535.");
    }
}
