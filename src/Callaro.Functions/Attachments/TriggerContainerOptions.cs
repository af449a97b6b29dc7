using Callaro.Core;
using Microsoft.Extensions.Options;

namespace Callaro.Functions.Attachments;

/// <summary>
/// The containers the blob triggers watch, as the Functions host reads them (<c>%CallaroRecordingsContainer%</c>,
/// <c>%CallaroTranscriptsContainer%</c>). The host cannot add the name prefix itself, so the settings carry the
/// full names, and the app refuses to start when they are not the containers it reads and writes.
/// </summary>
public sealed class TriggerContainerOptions
{
    public string? Recordings { get; set; }

    public string? Transcripts { get; set; }
}

internal sealed class TriggerContainerValidator(StorageNames names) : IValidateOptions<TriggerContainerOptions>
{
    public ValidateOptionsResult Validate(string? name, TriggerContainerOptions options)
    {
        var failures = new[]
        {
            Problem(options.Recordings, AttachmentTriggers.RecordingsContainerSetting, names.RecordingsContainer),
            Problem(options.Transcripts, AttachmentTriggers.TranscriptsContainerSetting, names.TranscriptsContainer),
        }.OfType<string>().ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? Problem(string? configured, string setting, string expected) => configured switch
    {
        null or "" => Configuration.Settings.Missing(setting) + $" It names the container the blob trigger watches: '{expected}'.",
        _ when configured != expected => Configuration.Settings.Invalid(setting,
            $"'{configured}' is not the container the app uses, '{expected}' (Callaro__Storage__NamePrefix, then the container's name); the trigger would watch the wrong container."),
        _ => null,
    };
}
