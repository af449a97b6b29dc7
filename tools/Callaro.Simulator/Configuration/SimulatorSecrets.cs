using System.Text.Json;

namespace Callaro.Simulator.Configuration;

/// <summary>The secrets the simulator signs with, and the reader key it verifies with.</summary>
internal sealed record SimulatorSecrets(
    string? CallaroSigningSecret,
    string? TwilioAuthToken,
    string? VonageSignatureSecret,
    string? PublicBaseUrl,
    string? ReaderKey,
    string? SettingsFile);

/// <summary>
/// Finds each secret where the app itself would: a command-line option first, then the environment
/// variable the app reads, then the <c>Values</c> of <c>local.settings.json</c> (as the Functions host
/// loads it). Nothing is printed, only which source was used.
/// </summary>
internal static class SecretResolver
{
    public const string CallaroSecretKey = "Callaro__Webhooks__SigningSecret";
    public const string TwilioTokenKey = "Callaro__Twilio__AuthToken";
    public const string VonageSecretKey = "Callaro__Vonage__SignatureSecret";
    public const string PublicBaseUrlKey = "Callaro__PublicBaseUrl";
    public const string ReaderKeyVariable = "CALLARO_READER_KEY";

    public static SimulatorSecrets Resolve(
        SimulatorSecrets fromOptions, Func<string, string?> environment, string? settingsPath, string workingDirectory)
    {
        var file = settingsPath ?? FindSettingsFile(workingDirectory);
        var values = file is null ? new Dictionary<string, string>() : ReadValues(file);

        string? Pick(string? option, string key)
        {
            if (!string.IsNullOrEmpty(option)) return option;
            var fromEnvironment = environment(key);
            if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
            // The host accepts both "__" and ":" as the section separator in Values.
            return values.TryGetValue(key, out var v) || values.TryGetValue(key.Replace("__", ":"), out v) ? v : null;
        }

        return new SimulatorSecrets(
            Pick(fromOptions.CallaroSigningSecret, CallaroSecretKey),
            Pick(fromOptions.TwilioAuthToken, TwilioTokenKey),
            Pick(fromOptions.VonageSignatureSecret, VonageSecretKey),
            Pick(fromOptions.PublicBaseUrl, PublicBaseUrlKey),
            Pick(fromOptions.ReaderKey, ReaderKeyVariable),
            file);
    }

    /// <summary>The nearest <c>local.settings.json</c> in the working directory or above it (the repository root when run from there).</summary>
    public static string? FindSettingsFile(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "local.settings.json");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <exception cref="InvalidDataException">The file is not JSON or has no usable <c>Values</c> object.</exception>
    public static Dictionary<string, string> ReadValues(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!document.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
            {
                return new Dictionary<string, string>();
            }
            return values.EnumerateObject()
                .Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.OrdinalIgnoreCase);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not valid JSON ({ex.Message}); fix it or point --settings at another file.", ex);
        }
    }
}
