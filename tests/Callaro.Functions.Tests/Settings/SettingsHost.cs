using Callaro.Core;
using Callaro.Functions.Settings;
using Callaro.Functions.Tests.Infrastructure;
using Callaro.Storage.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace Callaro.Functions.Tests.Settings;

/// <summary>
/// The app (real access keys, problem+json, body rules) with the settings endpoints, against the Azurite of
/// ./test.sh under this test's own prefix. Clients address the endpoints relative to <see cref="Root"/>: while
/// Program.cs does not map settings yet, they are mounted as test endpoints under <c>/test-only</c>.
/// </summary>
internal sealed class SettingsHost : IAsyncDisposable
{
    private const string Root = "http://localhost/test-only/";

    private SettingsHost(CallaroApplication app)
    {
        App = app;
        Tables = new TableServiceClient(CallaroApplication.StorageConnectionString);
    }

    public CallaroApplication App { get; }
    public StorageNames Names => App.Names;
    public TableServiceClient Tables { get; }

    /// <param name="configure">Services registered before the settings' own (which are added only where missing).</param>
    public static Task<SettingsHost> StartAsync(Action<IServiceCollection>? configure = null)
    {
        var app = new CallaroApplication()
            .WithServices(services =>
            {
                configure?.Invoke(services);
                services.AddSettings();
            })
            .WithTestEndpoints(endpoints => endpoints.MapSettings());
        app.Start();
        return Task.FromResult(new SettingsHost(app));
    }

    /// <summary>Telephony role on workspace <c>default</c>.</summary>
    public HttpClient Reader() => Rooted(App.CreateReaderClient());
    /// <summary>Admin on every workspace.</summary>
    public HttpClient Admin() => Rooted(App.CreateAdminClient());
    /// <summary>Telephony role on workspace <c>other</c> only.</summary>
    public HttpClient OtherWorkspaceReader() => Rooted(App.CreateOtherWorkspaceClient());
    /// <summary>A known key without the telephony role.</summary>
    public HttpClient NoTelephony() => Rooted(App.CreateNoTelephonyClient());
    /// <summary>No credentials.</summary>
    public HttpClient Anonymous() => Rooted(App.CreateAnonymousClient());

    private static HttpClient Rooted(HttpClient client)
    {
        client.BaseAddress = new Uri(Root);
        return client;
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
