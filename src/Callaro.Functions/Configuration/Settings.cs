namespace Callaro.Functions.Configuration;

/// <summary>Messages about app settings, phrased with the name a person types into the portal or local.settings.json.</summary>
public static class Settings
{
    /// <summary><c>Callaro:Twilio:AuthToken</c> becomes <c>Callaro__Twilio__AuthToken</c>.</summary>
    public static string AppSettingName(string configurationKey) =>
        configurationKey.Replace(ConfigurationPath.KeyDelimiter, "__", StringComparison.Ordinal);

    public static string Missing(string configurationKey) =>
        $"The app setting {AppSettingName(configurationKey)} is missing or empty. Set it in the function app's " +
        $"application settings, or in local.settings.json \"Values\" when running locally (./run.sh generates local values).";

    public static string Invalid(string configurationKey, string why) =>
        $"The app setting {AppSettingName(configurationKey)} is invalid: {why}";
}
