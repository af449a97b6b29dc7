using Callaro.Functions.Configuration;
using Microsoft.Extensions.Options;

namespace Callaro.Functions.Storage;

/// <summary>
/// Provisions storage before the app takes requests, unless <c>Callaro:Storage:ProvisionOnStart=false</c>
/// (for deployments that provision once with the <c>provision</c> verb and want the shortest cold start).
/// </summary>
internal sealed class ProvisionOnStart(IOptions<StorageOptions> options, IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.ProvisionOnStart
            ? services.GetRequiredService<StorageProvisioner>().ProvisionAsync(cancellationToken)
            : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
