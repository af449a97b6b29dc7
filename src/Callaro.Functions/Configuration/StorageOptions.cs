namespace Callaro.Functions.Configuration;

/// <summary>
/// Where the call log and attachments are stored (<c>Callaro:Storage</c>): a connection string, or, for a
/// managed identity, the Table and Blob service URIs (the Functions convention for identity-based connections).
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Callaro:Storage";

    /// <summary>Used when neither a connection string nor service URIs are set: Azurite on its default ports.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    private const string ConnectionStringKey = SectionName + ":ConnectionString";
    private const string TableServiceUriKey = SectionName + ":tableServiceUri";
    private const string BlobServiceUriKey = SectionName + ":blobServiceUri";

    /// <summary>An Azure Storage connection string (account key, SAS, explicit endpoints or Azurite).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The Table service endpoint, reached with <c>DefaultAzureCredential</c> (managed identity in Azure).</summary>
    public string? TableServiceUri { get; set; }

    /// <summary>The Blob service endpoint, reached with <c>DefaultAzureCredential</c>; read links are then user delegation SAS.</summary>
    public string? BlobServiceUri { get; set; }

    /// <summary>Prefixed to every table and container name (lowercase letters and digits).</summary>
    public string NamePrefix { get; set; } = "";

    /// <summary>True when the service URIs are given instead of a connection string.</summary>
    public bool UsesIdentity => string.IsNullOrWhiteSpace(ConnectionString) && (HasValue(TableServiceUri) || HasValue(BlobServiceUri));

    /// <summary>The connection string in use when <see cref="UsesIdentity"/> is false.</summary>
    public string EffectiveConnectionString => HasValue(ConnectionString) ? ConnectionString! : DevelopmentStorage;

    internal static IEnumerable<string> Problems(StorageOptions options)
    {
        var connectionMode = HasValue(options.ConnectionString);
        if (connectionMode && (HasValue(options.TableServiceUri) || HasValue(options.BlobServiceUri)))
        {
            yield return Settings.Invalid(ConnectionStringKey,
                $"set either it or {Settings.AppSettingName(TableServiceUriKey)} and {Settings.AppSettingName(BlobServiceUriKey)} (managed identity), not both.");
        }
        else if (connectionMode && StorageConnectionStringCheck.Problem(options.ConnectionString!) is { } why)
        {
            yield return Settings.Invalid(ConnectionStringKey, why);
        }
        else if (options.UsesIdentity)
        {
            foreach (var problem in ServiceUriProblems(options.TableServiceUri, TableServiceUriKey).Concat(ServiceUriProblems(options.BlobServiceUri, BlobServiceUriKey)))
            {
                yield return problem;
            }
        }

        if (!IsValidPrefix(options.NamePrefix))
        {
            yield return Settings.Invalid(SectionName + ":NamePrefix",
                $"'{options.NamePrefix}' must be empty or start with a lowercase letter followed by lowercase letters and digits (at most 20), because table names are alphanumeric and container names lowercase.");
        }
    }

    private static IEnumerable<string> ServiceUriProblems(string? value, string key)
    {
        if (!HasValue(value))
        {
            yield return Settings.Missing(key) + " With a managed identity both service URIs are needed, e.g. https://<account>.table.core.windows.net and https://<account>.blob.core.windows.net.";
        }
        else if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.Query))
        {
            // A service URI carries no secret, so naming what is wrong with it cannot leak one; its query could, so it is not shown.
            yield return Settings.Invalid(key, "expected an absolute https URL without a query, e.g. https://<account>.table.core.windows.net.");
        }
    }

    private static bool HasValue(string? value) => !string.IsNullOrWhiteSpace(value);

    private static bool IsValidPrefix(string prefix) =>
        prefix.Length == 0
        || (prefix.Length <= 20 && prefix[0] is >= 'a' and <= 'z' && prefix.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9'));
}
