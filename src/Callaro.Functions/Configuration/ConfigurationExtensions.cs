using Microsoft.Extensions.Options;

namespace Callaro.Functions.Configuration;

public static class ConfigurationExtensions
{
    /// <summary>
    /// Binds every options class and validates it when the app starts, so a missing secret stops the
    /// app at start-up with the setting's name instead of failing the first webhook.
    /// </summary>
    public static IHostApplicationBuilder AddCallaroOptions(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<StorageOptions>(StorageOptions.SectionName, StorageOptions.Problems);
        services.AddValidatedOptions<PublicUrlOptions>(PublicUrlOptions.SectionName, PublicUrlOptions.Problems);
        services.AddValidatedOptions<AccessOptions>(AccessOptions.SectionName, AccessOptions.Problems);
        services.AddValidatedOptions<WebhookOptions>(WebhookOptions.SectionName,
            o => RequireSecret(o.SigningSecret, WebhookOptions.SectionName + ":SigningSecret"));
        services.AddValidatedOptions<TwilioOptions>(TwilioOptions.SectionName, TwilioOptions.Problems);
        services.AddValidatedOptions<VonageOptions>(VonageOptions.SectionName,
            o => RequireSecret(o.SignatureSecret, VonageOptions.SectionName + ":SignatureSecret"));
        return builder;
    }

    /// <summary>Binds <typeparamref name="TOptions"/> to a section and fails start-up with every problem found.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(
        this IServiceCollection services, string sectionName, Func<TOptions, IEnumerable<string>> problems)
        where TOptions : class
    {
        services.AddSingleton<IValidateOptions<TOptions>>(new ProblemListValidator<TOptions>(problems));
        return services.AddOptions<TOptions>().BindConfiguration(sectionName).ValidateOnStart();
    }

    private static IEnumerable<string> RequireSecret(string value, string key)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            yield return Settings.Missing(key);
        }
    }

    private sealed class ProblemListValidator<TOptions>(Func<TOptions, IEnumerable<string>> problems) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var failures = problems(options).ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
