using System.Security.Claims;
using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text;
using Callaro.Core.Workspaces;

namespace Callaro.Functions.Access;

/// <summary>
/// App Service Authentication ("Easy Auth") signs the user in and passes them on as
/// <c>X-MS-CLIENT-PRINCIPAL</c>: base64 of <c>{"auth_typ","name_typ","role_typ","claims":[{"typ","val"}]}</c>.
/// </summary>
internal static class AppServicePrincipal
{
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";

    /// <returns>The principal, or null when the header is not base64 JSON of that shape.</returns>
    public static ClaimsPrincipal? Parse(string header, string workspaceClaimType)
    {
        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(Encoding.UTF8.GetString(Convert.FromBase64String(header)));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }

        if (payload?.Claims is null)
        {
            return null;
        }

        var roleType = payload.RoleType ?? "roles";
        var nameType = payload.NameType ?? "name";
        var claims = new List<Claim> { new(CallaroClaims.Method, "app-service") };
        foreach (var claim in payload.Claims.Where(c => c.Type is not null && c.Value is not null))
        {
            if (claim.Type == roleType || claim.Type is "roles" or ClaimTypes.Role)
            {
                claims.Add(new Claim(ClaimTypes.Role, claim.Value!));
            }
            else if (claim.Type == workspaceClaimType && WorkspaceId.IsValidGrant(claim.Value))
            {
                claims.Add(new Claim(CallaroClaims.Workspace, claim.Value!));
            }
            else if (claim.Type == nameType)
            {
                claims.Add(new Claim(ClaimTypes.Name, claim.Value!));
            }
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, payload.AuthenticationType ?? "app-service", ClaimTypes.Name, ClaimTypes.Role));
    }

    private sealed record Payload(
        [property: JsonPropertyName("auth_typ")] string? AuthenticationType,
        [property: JsonPropertyName("name_typ")] string? NameType,
        [property: JsonPropertyName("role_typ")] string? RoleType,
        [property: JsonPropertyName("claims")] IReadOnlyList<PayloadClaim>? Claims);

    private sealed record PayloadClaim(
        [property: JsonPropertyName("typ")] string? Type,
        [property: JsonPropertyName("val")] string? Value);
}
