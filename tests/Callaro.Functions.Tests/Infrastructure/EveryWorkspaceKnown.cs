using Callaro.Core.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Callaro.Functions.Tests.Infrastructure;

/// <summary>For tests about something else than unknown workspaces, read over empty or failing storage: every workspace exists.</summary>
internal sealed class EveryWorkspaceKnown : KnownWorkspaces
{
    public override Task<bool> ExistsAsync(string workspaceId, CancellationToken cancellationToken = default) => Task.FromResult(true);

    public static void Register(IServiceCollection services) => services.Replace(ServiceDescriptor.Singleton<KnownWorkspaces>(new EveryWorkspaceKnown()));
}
