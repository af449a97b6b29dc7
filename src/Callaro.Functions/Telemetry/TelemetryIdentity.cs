using Azure.Core;
using Azure.Identity;

namespace Callaro.Functions.Telemetry;

/// <summary>
/// How the exporter signs in, read from <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> as the Functions host
/// reads it (<c>Authorization=AAD;ClientId=&lt;client id&gt;</c>), so one setting serves both: the deployment
/// turns Application Insights' key authentication off, and only the app's managed identity may publish.
/// </summary>
/// <param name="ClientId">The user-assigned identity's client id; null for the system-assigned identity.</param>
internal sealed record TelemetryIdentity(string? ClientId)
{
    /// <summary>Null (the connection string's key signs in) when the setting is empty.</summary>
    /// <exception cref="InvalidOperationException">The setting is not <c>Authorization=AAD[;ClientId=…]</c>.</exception>
    public static TelemetryIdentity? Parse(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var parts = authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "", StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !authorization.Equals("AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"{TelemetryExtensions.AuthenticationStringSetting} must be 'Authorization=AAD;ClientId=<the managed identity's client id>' "
                + "(or 'Authorization=AAD' for the system-assigned identity); remove it to sign in with the connection string's key.");
        }

        return new TelemetryIdentity(parts.TryGetValue("ClientId", out var clientId) && clientId.Length > 0 ? clientId : null);
    }

    public TokenCredential Credential() => new ManagedIdentityCredential(
        ClientId is { } id ? ManagedIdentityId.FromUserAssignedClientId(id) : ManagedIdentityId.SystemAssigned);
}
