using Microsoft.Extensions.DependencyInjection.Extensions;


namespace Callaro.Functions.Triggers;

public static class LocalTriggerExtensions
{
    /// <summary>
    /// Runs the local trigger runner when the app runs without the Functions host
    /// (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c> absent) unless <c>Callaro:LocalTriggers:Enabled</c> is false.
    /// Under the host, the host fires triggers and nothing is registered.
    /// </summary>
    public static IHostApplicationBuilder AddLocalTriggerRunner(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LocalTriggerOptions>().BindConfiguration(LocalTriggerOptions.Section)
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.MaxAttempts > 0, "Callaro:LocalTriggers:PollInterval and MaxAttempts must be positive.")
            .ValidateOnStart();
        // Whether it actually runs is decided at start from the final configuration (see LocalTriggerRunner.IsActive),
        // so settings that test hosts add late are honoured too.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient(LocalTriggerRunner.HttpClientName, client => client.Timeout = TimeSpan.FromMinutes(5));
        builder.Services.AddSingleton<TriggerReceipts>();
        builder.Services.AddHostedService<LocalTriggerRunner>();
        return builder;
    }
}
