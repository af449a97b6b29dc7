using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Callaro.Core;
using Callaro.Functions.Configuration;
using Callaro.Functions.Telemetry;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Options;

namespace Callaro.Functions.Storage;

public static class StorageExtensions
{
    /// <summary>
    /// Registers one <see cref="TableServiceClient"/> and one <see cref="BlobServiceClient"/> for the app's lifetime
    /// (their pipelines pool connections) from <c>Callaro:Storage</c>: a connection string, or the service URIs with
    /// <see cref="DefaultAzureCredential"/>; the <see cref="StorageNames"/> in use; and the provisioner of the
    /// <c>provision</c> verb. Starting the app touches no storage: the deployment (infra/main.bicep) or the verb
    /// creates the tables and containers beforehand, so a cold instance answers its first request sooner.
    /// </summary>
    public static IHostApplicationBuilder AddCallaroStorage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAzureClients(clients =>
        {
            // Built on first use from the validated options, so a malformed setting stops start-up before any client exists.
            clients.AddClient<TableServiceClient, TableClientOptions>((options, credential, sp) =>
            {
                var storage = Options(sp);
                return storage.UsesIdentity
                    ? new TableServiceClient(new Uri(storage.TableServiceUri!), credential, options)
                    : new TableServiceClient(storage.EffectiveConnectionString, options);
            });
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, credential, sp) =>
            {
                var storage = Options(sp);
                return storage.UsesIdentity
                    ? new BlobServiceClient(new Uri(storage.BlobServiceUri!), credential, options)
                    : new BlobServiceClient(storage.EffectiveConnectionString, options);
            });
            // Asked for on every client built. A connection string signs its own requests, and building DefaultAzureCredential
            // (its chain of credentials) costs a cold instance's first request about 0.1 s, so only identities get one.
            clients.UseCredential(sp => Options(sp).UsesIdentity ? new DefaultAzureCredential() : ConnectionStringSigns.Instance);
            clients.ConfigureDefaults(StorageTimeouts.Apply);
            clients.ConfigureDefaults(StorageTelemetryPolicy.AddTo);
        });
        services.AddSingleton(sp => new StorageNames(Options(sp).NamePrefix));
        services.AddSingleton<IValidateOptions<StorageOptions>, BlobTriggerContainers.Validator>();
        services.AddSingleton<StorageProvisioner>();
        return builder;
    }

    private static StorageOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value;

    /// <summary>The credential of clients built from a connection string, which never ask it for a token.</summary>
    private sealed class ConnectionStringSigns : TokenCredential
    {
        public static readonly ConnectionStringSigns Instance = new();

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Storage is reached with a connection string, which signs its own requests.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}

/// <summary>
/// How long a storage call may take. A webhook sender gives up after about 15 s and every request must answer
/// within 10 s, so one call gets three tries of at most 3 s each with short back-offs (about 9.75 s in all), and
/// <see cref="Hosting.RequestDeadline"/> cuts a request making several calls off before the budget is spent.
/// Without a network timeout a stalled connection waits 100 s per try.
/// </summary>
public static class StorageTimeouts
{
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(3);

    public static void Apply(ClientOptions options)
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(250);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = NetworkTimeout;
    }
}
