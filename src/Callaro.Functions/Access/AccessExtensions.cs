using Azure.Data.Tables;
using Callaro.Core;
using Microsoft.AspNetCore.Authentication;

namespace Callaro.Functions.Access;

public static class AccessExtensions
{
    /// <summary>
    /// Access keys, browser sessions and (optionally) App Service Authentication, with the telephony and admin
    /// policies. Needs <c>AddCallaroStorage</c> (ended sessions are kept in a table).
    /// </summary>
    public static IHostApplicationBuilder AddCallaroAccess(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AccessKeyRing>();
        builder.Services.AddSingleton<SessionTokens>();
        builder.Services.AddSingleton(sp => new EndedSessions(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<StorageNames>()));
        builder.Services
            .AddAuthentication(AccessKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, AccessKeyAuthenticationHandler>(AccessKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AccessPolicies.Telephony, p => p.RequireAuthenticatedUser().RequireRole(CallaroRoles.Telephony, CallaroRoles.Admin))
            .AddPolicy(AccessPolicies.Admin, p => p.RequireAuthenticatedUser().RequireRole(CallaroRoles.Admin));
        return builder;
    }
}
