namespace Callaro.Functions.Configuration;

/// <summary>What the Azure Functions host tells a custom handler through its environment.</summary>
public static class FunctionsHost
{
    /// <summary>The port the host forwards requests to; present only when the host started us.</summary>
    public const string PortSetting = "FUNCTIONS_CUSTOMHANDLER_PORT";

    public static bool IsPresent(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[PortSetting]);
}
