using System.Globalization;
using System.Text;
using Callaro.Storage.Internal;

namespace Callaro.Storage.Blobs;

/// <summary>What a blob SAS grants; the same inputs always give the same signature.</summary>
internal sealed record BlobSasValues(
    string AccountName,
    string ContainerName,
    string BlobName,
    BlobSasPermissions Permissions,
    DateTimeOffset? StartsOn,
    DateTimeOffset ExpiresOn,
    string Protocol,
    string Version);

/// <summary>The key <c>Get User Delegation Key</c> returns; it signs user delegation SAS like an account key.</summary>
internal sealed record UserDelegationKey(
    string ObjectId,
    string TenantId,
    DateTimeOffset StartsOn,
    DateTimeOffset ExpiresOn,
    string Service,
    string Version,
    string Value);

/// <summary>
/// Signs blob service SAS and user delegation SAS with the string-to-sign of version 2020-12-06 and
/// later (which added the encryption-scope line).
/// </summary>
internal static class BlobSasSigner
{
    public static string ServiceSas(BlobSasValues values, SharedKeyCredential key)
    {
        var (permissions, start, expiry) = (PermissionString(values.Permissions), FormatTime(values.StartsOn), FormatTime(values.ExpiresOn));
        var stringToSign = string.Join('\n',
            permissions,
            start,
            expiry,
            CanonicalResource(values),
            "", // signed identifier (stored access policy)
            "", // signed IP
            values.Protocol,
            values.Version,
            "b", // signed resource: blob
            "", // snapshot time
            "", // encryption scope
            "", "", "", "", ""); // rscc, rscd, rsce, rscl, rsct
        var signature = key.Sign(stringToSign);
        return BuildQuery(values, permissions, start, expiry, signature, delegationKey: null);
    }

    public static string UserDelegationSas(BlobSasValues values, UserDelegationKey key)
    {
        var (permissions, start, expiry) = (PermissionString(values.Permissions), FormatTime(values.StartsOn), FormatTime(values.ExpiresOn));
        var stringToSign = string.Join('\n',
            permissions,
            start,
            expiry,
            CanonicalResource(values),
            key.ObjectId,
            key.TenantId,
            FormatTime(key.StartsOn),
            FormatTime(key.ExpiresOn),
            key.Service,
            key.Version,
            "", // authorized user object id
            "", // unauthorized user object id
            "", // correlation id
            "", // signed IP
            values.Protocol,
            values.Version,
            "b",
            "", // snapshot time
            "", // encryption scope
            "", "", "", "", "");
        var signature = SharedKeyCredential.Sign(Convert.FromBase64String(key.Value), stringToSign);
        return BuildQuery(values, permissions, start, expiry, signature, key);
    }

    /// <summary>Permission letters in the order the service requires (racwdxl…).</summary>
    internal static string PermissionString(BlobSasPermissions permissions)
    {
        var sb = new StringBuilder(5);
        if (permissions.HasFlag(BlobSasPermissions.Read)) sb.Append('r');
        if (permissions.HasFlag(BlobSasPermissions.Create)) sb.Append('c');
        if (permissions.HasFlag(BlobSasPermissions.Write)) sb.Append('w');
        if (permissions.HasFlag(BlobSasPermissions.Delete)) sb.Append('d');
        if (permissions.HasFlag(BlobSasPermissions.List)) sb.Append('l');
        return sb.Length > 0 ? sb.ToString() : throw new ArgumentException("A SAS must grant at least one permission.", nameof(permissions));
    }

    internal static string FormatTime(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    private static string CanonicalResource(BlobSasValues values) =>
        $"/blob/{values.AccountName}/{values.ContainerName}/{values.BlobName}";

    private static string BuildQuery(BlobSasValues values, string permissions, string start, string expiry, string signature, UserDelegationKey? delegationKey)
    {
        var sb = new StringBuilder(256);
        Add(sb, "sv", values.Version);
        Add(sb, "spr", values.Protocol);
        Add(sb, "st", start);
        Add(sb, "se", expiry);
        if (delegationKey is not null)
        {
            Add(sb, "skoid", delegationKey.ObjectId);
            Add(sb, "sktid", delegationKey.TenantId);
            Add(sb, "skt", FormatTime(delegationKey.StartsOn));
            Add(sb, "ske", FormatTime(delegationKey.ExpiresOn));
            Add(sb, "sks", delegationKey.Service);
            Add(sb, "skv", delegationKey.Version);
        }

        Add(sb, "sr", "b");
        Add(sb, "sp", permissions);
        Add(sb, "sig", signature);
        return sb.ToString();
    }

    private static void Add(StringBuilder sb, string name, string value)
    {
        if (value.Length == 0)
        {
            return;
        }

        if (sb.Length > 0)
        {
            sb.Append('&');
        }

        sb.Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }
}
