using Callaro.Core;
using Microsoft.Extensions.Options;

namespace Callaro.Functions.Configuration;

/// <summary>
/// The app settings that name the containers the blob triggers watch. The Functions host resolves them in the
/// trigger paths (<c>"%CallaroRecordingsContainer%/{name}"</c>), so a deployment with <c>Callaro__Storage__NamePrefix</c>
/// watches the prefixed containers the app writes to. A missing setting, or one that differs from the prefixed name,
/// stops start-up.
/// </summary>
public static class BlobTriggerContainers
{
    public const string RecordingsSetting = "CallaroRecordingsContainer";
    public const string TranscriptsSetting = "CallaroTranscriptsContainer";

    /// <summary>Each setting with the container it must name.</summary>
    public static IReadOnlyList<(string Setting, string Container)> Expected(StorageNames names) =>
        [(RecordingsSetting, names.RecordingsContainer), (TranscriptsSetting, names.TranscriptsContainer)];

    internal static IEnumerable<string> Problems(IConfiguration configuration, StorageNames names)
    {
        foreach (var (setting, container) in Expected(names))
        {
            var value = configuration[setting];
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return Settings.Missing(setting) + $" The blob trigger path needs it: set it to '{container}'.";
            }
            else if (value != container)
            {
                yield return Settings.Invalid(setting,
                    $"'{value}' is not '{container}', the container the app uses with Callaro__Storage__NamePrefix '{names.Prefix}'; the trigger would watch the wrong container.");
            }
        }
    }

    internal sealed class Validator(IConfiguration configuration) : IValidateOptions<StorageOptions>
    {
        public ValidateOptionsResult Validate(string? name, StorageOptions options)
        {
            var failures = Problems(configuration, new StorageNames(options.NamePrefix)).ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
