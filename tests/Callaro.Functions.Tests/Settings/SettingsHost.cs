using Callaro.Core;
using Callaro.Functions.Tests.Infrastructure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace Callaro.Functions.Tests.Settings;

/// <summary>
/// The app (real access keys, problem+json, body rules) with its settings endpoints, against the Azurite of
/// ./test.sh under this test's own prefix. Clients address the endpoints relative to the app's root
/// (<c>api/campaigns/...</c>, <c>api/workspace</c>).
/// </summary>
internal sealed class SettingsHost : IAsyncDisposable
{
    private SettingsHost(CallaroApplication app)
    {
        App = app;
        Tables = new TableServiceClient(CallaroApplication.StorageConnectionString);
    }

    public CallaroApplication App { get; }
    public StorageNames Names => App.Names;
    public TableServiceClient Tables { get; }

    /// <param name="configure">Services registered after the app's own, so a registration here replaces the app's.</param>
    public static Task<SettingsHost> StartAsync(Action<IServiceCollection>? configure = null)
    {
        var app = new CallaroApplication();
        if (configure is not null)
        {
            app.WithServices(configure);
        }

        app.Start();
        return Task.FromResult(new SettingsHost(app));
    }

    /// <summary>Telephony role on workspace <c>default</c>.</summary>
    public HttpClient Reader() => App.CreateReaderClient();
    /// <summary>Admin on every workspace.</summary>
    public HttpClient Admin() => App.CreateAdminClient();
    /// <summary>Telephony role on workspace <c>other</c> only.</summary>
    public HttpClient OtherWorkspaceReader() => App.CreateOtherWorkspaceClient();
    /// <summary>A known key without the telephony role.</summary>
    public HttpClient NoTelephony() => App.CreateNoTelephonyClient();
    /// <summary>No credentials.</summary>
    public HttpClient Anonymous() => App.CreateAnonymousClient();

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
