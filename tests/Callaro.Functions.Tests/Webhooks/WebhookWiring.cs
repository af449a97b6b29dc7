using Callaro.Functions.Hosting;
using Callaro.Functions.Tests.Infrastructure;
using Callaro.Functions.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Callaro.Functions.Tests.Webhooks;

/// <summary>
/// Makes sure the app under test serves the webhooks: a no-op once Program.cs calls
/// <c>AddWebhooks</c>/<c>MapWebhooks</c>; until then it adds them behind the app's own middleware.
/// </summary>
internal static class WebhookWiring
{
    public static CallaroApplication WithWebhooks(this CallaroApplication app) =>
        app.WithServices(services =>
        {
            // The app's own configuration is bound lazily; the empty one only satisfies the signature.
            services.AddWebhooks(new ConfigurationBuilder().Build());
            services.AddOptions<ProviderWorkspaceOptions>().BindConfiguration(ProviderWorkspaceOptions.Section);
            services.AddSingleton<IStartupFilter, MapWebhooksWhenMissing>();
        });

    private sealed class MapWebhooksWhenMissing : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var mapped = app.ApplicationServices.GetRequiredService<EndpointDataSource>().Endpoints
                .Any(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == "CallaroWebhook");
            if (!mapped)
            {
                app.MapWhen(context => context.Request.Path.StartsWithSegments("/api/webhooks"), branch =>
                {
                    branch.UseRouting();
                    branch.UseCallaroMiddleware();
                    branch.UseEndpoints(endpoints => endpoints.MapWebhooks());
                });
            }

            next(app);
        };
    }
}
