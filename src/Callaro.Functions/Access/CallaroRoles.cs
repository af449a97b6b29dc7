namespace Callaro.Functions.Access;

/// <summary>The roles an access key or an App Service principal can carry.</summary>
public static class CallaroRoles
{
    /// <summary>Reads the call log, calls, attachments and health reports of its workspaces.</summary>
    public const string Telephony = "telephony";

    /// <summary>Administers Callaro; also reads everything telephony can.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Telephony, Admin];
}

/// <summary>Authorization policy names for <c>RequireAuthorization(...)</c>.</summary>
public static class AccessPolicies
{
    /// <summary>The caller has the telephony (or admin) role. Combine with a workspace check.</summary>
    public const string Telephony = "telephony";

    /// <summary>The caller has the admin role.</summary>
    public const string Admin = "admin";
}

/// <summary>Claim types Callaro puts on (or reads from) a principal.</summary>
public static class CallaroClaims
{
    /// <summary>A workspace id the caller may read, or <c>*</c> for all.</summary>
    public const string Workspace = "callaro_workspace";

    /// <summary>How the caller signed in: <c>access-key</c> or <c>app-service</c>.</summary>
    public const string Method = "callaro_auth";
}
