using Callaro.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Callaro.Functions.Tests.Hosting;

public sealed class ListeningAddressTests
{
    [Fact]
    public void WithoutSettingsTheAppListensOnLocalhost7071() =>
        Assert.Equal("http://127.0.0.1:7071", UrlsWith());

    [Fact]
    public void CallaroPortMovesTheLocalAddress() =>
        Assert.Equal("http://127.0.0.1:8123", UrlsWith(("CALLARO_PORT", "8123")));

    [Fact]
    public void ExplicitUrlsAreKept() =>
        Assert.Equal("http://127.0.0.1:9000", UrlsWith(("urls", "http://127.0.0.1:9000")));

    [Fact]
    public void FunctionsHostPortWinsOverEverythingElse() =>
        Assert.Equal("http://localhost:40123", UrlsWith(("FUNCTIONS_CUSTOMHANDLER_PORT", "40123"), ("CALLARO_PORT", "8123")));

    [Fact]
    public void PortThatIsNotANumberIsReportedByName()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => UrlsWith(("CALLARO_PORT", "eighty")));
        Assert.Contains("CALLARO_PORT='eighty' is not a TCP port", exception.Message);
    }

    private static string? UrlsWith(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["urls"] = null;
        builder.Configuration["CALLARO_PORT"] = null;
        builder.Configuration["FUNCTIONS_CUSTOMHANDLER_PORT"] = null;
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.UseCallaroUrls();
        return builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
    }
}
