using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Callaro.Core;
using Callaro.Functions.Settings;
using Callaro.Storage.Tables;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Callaro.Functions.Tests.Settings;

/// <summary>
/// The settings endpoints on a test server against the Azurite of ./test.sh, under a unique table prefix.
/// Callers are identified by a test header naming their roles and workspaces (the app's key-based sign-in is
/// tested with the app; here only the policies and the workspace rule matter).
/// </summary>
internal sealed class SettingsHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SettingsHost(WebApplication app, StorageNames names, TableServiceClient tables)
    {
        _app = app;
        Names = names;
        Tables = tables;
    }

    public StorageNames Names { get; }
    public TableServiceClient Tables { get; }

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("CALLARO_TEST_STORAGE") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException("CALLARO_TEST_STORAGE is not set: run ./test.sh, which starts Azurite and sets it.");

    public static async Task<SettingsHost> StartAsync()
    {
        var names = new StorageNames("t" + Guid.NewGuid().ToString("N")[..8]);
        var tables = new TableServiceClient(ConnectionString);
        foreach (var table in names.Tables) await tables.CreateTableIfNotExistsAsync(table);

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(tables);
        builder.Services.AddSingleton(names);
        builder.Services.AddProblemDetails();
        builder.Services.AddAuthentication(TestCaller.SchemeName).AddScheme<AuthenticationSchemeOptions, TestCaller>(TestCaller.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy("telephony", p => p.RequireAuthenticatedUser().RequireRole("telephony", "admin"))
            .AddPolicy("admin", p => p.RequireAuthenticatedUser().RequireRole("admin"));
        builder.Services.AddSettings();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapSettings();
        await app.StartAsync();
        return new SettingsHost(app, names, tables);
    }

    /// <summary>A client acting with <paramref name="role"/> on <paramref name="workspaces"/>; no role: anonymous.</summary>
    public HttpClient Client(string? role, params string[] workspaces)
    {
        var client = _app.GetTestClient();
        if (role is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(TestCaller.SchemeName, $"{role};{string.Join(",", workspaces.DefaultIfEmpty("default"))}");
        return client;
    }

    public HttpClient Reader() => Client("telephony", "default");
    public HttpClient Admin() => Client("admin", "*");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private sealed class TestCaller(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Test";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            if (!header.StartsWith(SchemeName + " ", StringComparison.Ordinal)) return Task.FromResult(AuthenticateResult.NoResult());
            var parts = header[(SchemeName.Length + 1)..].Split(';');
            var claims = new List<Claim> { new(ClaimTypes.Name, "test " + parts[0]), new(ClaimTypes.Role, parts[0]) };
            claims.AddRange(parts[1].Split(',').Select(w => new Claim("callaro_workspace", w)));
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
        }
    }
}
