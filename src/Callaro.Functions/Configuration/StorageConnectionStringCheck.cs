using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Callaro.Functions.Configuration;

/// <summary>
/// Says what is wrong with a storage connection string in words that name the bad part and never repeat a
/// value (a key or signature must not reach a log). The SDK clients have the final word: a string they
/// refuse is refused here too, at start-up rather than on the first request.
/// </summary>
internal static class StorageConnectionStringCheck
{
    private static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        "UseDevelopmentStorage", "DevelopmentStorageProxyUri", "DefaultEndpointsProtocol", "AccountName", "AccountKey",
        "EndpointSuffix", "TableEndpoint", "BlobEndpoint", "QueueEndpoint", "FileEndpoint", "SharedAccessSignature",
        "TableSecondaryEndpoint", "BlobSecondaryEndpoint", "QueueSecondaryEndpoint", "FileSecondaryEndpoint",
    };

    /// <returns>null when both SDK clients accept the string; otherwise why not.</returns>
    public static string? Problem(string connectionString)
    {
        var names = new List<string>();
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                return $"part {names.Count + 1} is not 'Name=value'; expected e.g. 'DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;EndpointSuffix=core.windows.net'.";
            }

            var (name, value) = (part[..equals].Trim(), part[(equals + 1)..].Trim());
            if (!Known.Contains(name))
            {
                return $"'{name}' is not a storage connection string setting.";
            }

            if (PartProblem(name, value) is { } why)
            {
                return why;
            }

            names.Add(name);
        }

        return SdkProblem(connectionString, names);
    }

    private static string? PartProblem(string name, string value)
    {
        if (name.Equals("AccountKey", StringComparison.OrdinalIgnoreCase) && !IsBase64(value))
        {
            return "AccountKey is not base64 (copy it again from the storage account's Access keys; it is not shown here).";
        }

        if (name.EndsWith("Endpoint", StringComparison.OrdinalIgnoreCase)
            && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            return $"{name} is not an absolute http(s) URL.";
        }

        if (name.Equals("SharedAccessSignature", StringComparison.OrdinalIgnoreCase) && value.Length == 0)
        {
            return "SharedAccessSignature is empty.";
        }

        return null;
    }

    private static string? SdkProblem(string connectionString, List<string> names)
    {
        try
        {
            _ = new TableServiceClient(connectionString);
            _ = new BlobServiceClient(connectionString);
            return null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            // The SDK's own message may quote the string, so only the part names are reported.
            return $"the Azure Storage clients do not accept it (it has {string.Join(", ", names)}); it needs the account and both the table and blob endpoints, " +
                   "e.g. 'DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;EndpointSuffix=core.windows.net' or 'UseDevelopmentStorage=true'.";
        }
    }

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return value.Length > 0 && Convert.TryFromBase64String(value, buffer, out _);
    }
}
