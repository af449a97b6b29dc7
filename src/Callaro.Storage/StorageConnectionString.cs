using System.Net;

namespace Callaro.Storage;

/// <summary>
/// A parsed Azure Storage connection string: <c>UseDevelopmentStorage=true</c>, account name/key with
/// <c>EndpointSuffix</c> or explicit <c>TableEndpoint</c>/<c>BlobEndpoint</c>, or <c>SharedAccessSignature</c>.
/// </summary>
public sealed class StorageConnectionString
{
    /// <summary>The account name Azurite and the old storage emulator use.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    // The emulator's published, well-known key; it protects nothing.
    internal const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    // Settings the Azure tooling writes that we accept but do not use.
    private static readonly HashSet<string> IgnoredSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        "QueueEndpoint", "FileEndpoint", "BlobSecondaryEndpoint", "TableSecondaryEndpoint",
        "QueueSecondaryEndpoint", "FileSecondaryEndpoint",
    };

    private static readonly HashSet<string> KnownSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        "UseDevelopmentStorage", "DevelopmentStorageProxyUri", "DefaultEndpointsProtocol", "AccountName",
        "AccountKey", "EndpointSuffix", "TableEndpoint", "BlobEndpoint", "SharedAccessSignature",
    };

    private StorageConnectionString() { }

    /// <summary>The storage account name (from the key, or the endpoint host).</summary>
    public string AccountName { get; private init; } = "";

    /// <summary>The base64 account key, when the string carries one.</summary>
    public string? AccountKey { get; private init; }

    /// <summary>The SAS token (without leading <c>?</c>), when the string carries one.</summary>
    public string? SharedAccessSignature { get; private init; }

    /// <summary>The Table service endpoint.</summary>
    public Uri? TableEndpoint { get; private init; }

    /// <summary>The Blob service endpoint.</summary>
    public Uri? BlobEndpoint { get; private init; }

    /// <summary>Parses a connection string.</summary>
    /// <exception cref="FormatException">The string is malformed; the message names the bad part (never the key).</exception>
    public static StorageConnectionString Parse(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new FormatException("The storage connection string is empty; expected e.g. 'UseDevelopmentStorage=true' or 'AccountName=...;AccountKey=...'.");
        }

        var settings = SplitSettings(connectionString);
        if (settings.TryGetValue("UseDevelopmentStorage", out var dev))
        {
            return ParseDevelopmentStorage(dev, settings);
        }

        return ParseAccount(settings);
    }

    /// <summary>Parses a connection string, answering false instead of throwing.</summary>
    public static bool TryParse(string? connectionString, out StorageConnectionString? result)
    {
        try
        {
            result = Parse(connectionString ?? "");
            return true;
        }
        catch (FormatException)
        {
            result = null;
            return false;
        }
    }

    private static Dictionary<string, string> SplitSettings(string connectionString)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var segments = connectionString.Split(';');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i].Trim();
            if (segment.Length == 0)
            {
                continue;
            }

            var equals = segment.IndexOf('=');
            if (equals <= 0)
            {
                // Never echo the segment: it might be a pasted key.
                throw new FormatException($"Storage connection string part {i + 1} is not a 'Name=Value' setting.");
            }

            var name = segment[..equals].Trim();
            var value = segment[(equals + 1)..].Trim();
            if (!KnownSettings.Contains(name) && !IgnoredSettings.Contains(name))
            {
                throw new FormatException($"Storage connection string setting '{name}' is not a known setting.");
            }

            if (value.Length == 0)
            {
                throw new FormatException($"Storage connection string setting '{name}' is empty.");
            }

            if (!settings.TryAdd(name, value))
            {
                throw new FormatException($"Storage connection string setting '{name}' appears more than once.");
            }
        }

        if (settings.Count == 0)
        {
            throw new FormatException("The storage connection string has no settings.");
        }

        return settings;
    }

    private static StorageConnectionString ParseDevelopmentStorage(string value, Dictionary<string, string> settings)
    {
        if (!string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException("Storage connection string setting 'UseDevelopmentStorage' must be 'true'.");
        }

        foreach (var name in settings.Keys)
        {
            if (!name.Equals("UseDevelopmentStorage", StringComparison.OrdinalIgnoreCase)
                && !name.Equals("DevelopmentStorageProxyUri", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"Storage connection string setting '{name}' cannot be combined with 'UseDevelopmentStorage=true'.");
            }
        }

        var host = "127.0.0.1";
        if (settings.TryGetValue("DevelopmentStorageProxyUri", out var proxy))
        {
            host = ParseEndpoint("DevelopmentStorageProxyUri", proxy).Host;
        }

        return new StorageConnectionString
        {
            AccountName = DevelopmentAccountName,
            AccountKey = DevelopmentAccountKey,
            BlobEndpoint = new Uri($"http://{host}:10000/{DevelopmentAccountName}"),
            TableEndpoint = new Uri($"http://{host}:10002/{DevelopmentAccountName}"),
        };
    }

    private static StorageConnectionString ParseAccount(Dictionary<string, string> settings)
    {
        settings.TryGetValue("AccountName", out var accountName);
        settings.TryGetValue("AccountKey", out var accountKey);
        settings.TryGetValue("SharedAccessSignature", out var sas);

        if (accountKey is not null && sas is not null)
        {
            throw new FormatException("Storage connection string has both 'AccountKey' and 'SharedAccessSignature'; keep one.");
        }

        if (accountKey is null && sas is null)
        {
            throw new FormatException("Storage connection string needs 'AccountKey' or 'SharedAccessSignature' (or 'UseDevelopmentStorage=true').");
        }

        if (accountKey is not null)
        {
            if (accountName is null)
            {
                throw new FormatException("Storage connection string has 'AccountKey' but no 'AccountName'.");
            }

            if (!IsBase64(accountKey))
            {
                throw new FormatException("Storage connection string setting 'AccountKey' is not valid base64.");
            }
        }

        var protocol = "https";
        if (settings.TryGetValue("DefaultEndpointsProtocol", out var p))
        {
            protocol = p.ToLowerInvariant();
            if (protocol is not ("http" or "https"))
            {
                throw new FormatException("Storage connection string setting 'DefaultEndpointsProtocol' must be 'http' or 'https'.");
            }
        }

        settings.TryGetValue("EndpointSuffix", out var suffix);
        if (suffix is not null && Uri.CheckHostName(suffix) != UriHostNameType.Dns)
        {
            throw new FormatException("Storage connection string setting 'EndpointSuffix' is not a host name suffix (e.g. 'core.windows.net').");
        }

        var table = settings.TryGetValue("TableEndpoint", out var t) ? ParseEndpoint("TableEndpoint", t) : null;
        var blob = settings.TryGetValue("BlobEndpoint", out var b) ? ParseEndpoint("BlobEndpoint", b) : null;

        if (accountName is not null)
        {
            if (!IsValidAccountName(accountName))
            {
                throw new FormatException("Storage connection string setting 'AccountName' must be 3-24 lowercase letters and digits.");
            }

            suffix ??= "core.windows.net";
            table ??= new Uri($"{protocol}://{accountName}.table.{suffix}");
            blob ??= new Uri($"{protocol}://{accountName}.blob.{suffix}");
        }
        else if (table is null && blob is null)
        {
            throw new FormatException("Storage connection string needs 'AccountName' or an explicit 'TableEndpoint'/'BlobEndpoint'.");
        }

        return new StorageConnectionString
        {
            AccountName = accountName ?? AccountNameFromEndpoint((table ?? blob)!),
            AccountKey = accountKey,
            SharedAccessSignature = sas?.TrimStart('?'),
            TableEndpoint = table,
            BlobEndpoint = blob,
        };
    }

    private static Uri ParseEndpoint(string name, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new FormatException($"Storage connection string setting '{name}' is not an absolute http(s) URL.");
        }

        if (!string.IsNullOrEmpty(uri.Query))
        {
            throw new FormatException($"Storage connection string setting '{name}' must not carry a query; put a SAS in 'SharedAccessSignature'.");
        }

        return uri;
    }

    private static bool IsBase64(string value)
    {
        Span<byte> buffer = stackalloc byte[256];
        return value.Length <= 340 && Convert.TryFromBase64String(value, buffer, out var written) && written > 0;
    }

    private static bool IsValidAccountName(string name) =>
        name.Length is >= 3 and <= 24 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'));

    /// <summary>
    /// The account name an endpoint implies: the first path segment for path-style URLs (Azurite,
    /// IP addresses, localhost), otherwise the first label of the host.
    /// </summary>
    internal static string AccountNameFromEndpoint(Uri endpoint)
    {
        if (IsPathStyle(endpoint))
        {
            var segment = endpoint.AbsolutePath.Trim('/').Split('/')[0];
            return segment.Length > 0 ? segment : DevelopmentAccountName;
        }

        return endpoint.Host.Split('.')[0];
    }

    /// <summary>Whether the account name travels in the path (emulator-style) rather than the host.</summary>
    internal static bool IsPathStyle(Uri endpoint) =>
        endpoint.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
        || endpoint.IsLoopback
        || IPAddress.TryParse(endpoint.Host, out _);
}
