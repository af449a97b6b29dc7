using Callaro.Storage;

namespace Callaro.Functions.Configuration;

/// <summary>Where the call log and attachments are stored (<c>Callaro:Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Callaro:Storage";

    /// <summary>An Azure Storage connection string; Azurite on its default ports unless set.</summary>
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>Prefixed to every table and container name (lowercase letters and digits).</summary>
    public string NamePrefix { get; set; } = "";

    /// <summary>Create missing tables and containers when the app starts.</summary>
    public bool ProvisionOnStart { get; set; } = true;

    internal static IEnumerable<string> Problems(StorageOptions options)
    {
        const string connectionStringKey = SectionName + ":ConnectionString";
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            yield return Settings.Missing(connectionStringKey);
        }
        else if (ConnectionStringProblem(options.ConnectionString) is { } why)
        {
            yield return Settings.Invalid(connectionStringKey, why);
        }

        if (!IsValidPrefix(options.NamePrefix))
        {
            yield return Settings.Invalid(SectionName + ":NamePrefix",
                $"'{options.NamePrefix}' must be empty or start with a lowercase letter followed by lowercase letters and digits (at most 20), because table names are alphanumeric and container names lowercase.");
        }
    }

    private static string? ConnectionStringProblem(string connectionString)
    {
        try
        {
            StorageConnectionString.Parse(connectionString);
            return null;
        }
        catch (FormatException e)
        {
            // The parser names the bad part without echoing keys or signatures.
            return e.Message;
        }
    }

    private static bool IsValidPrefix(string prefix) =>
        prefix.Length == 0
        || (prefix.Length <= 20 && prefix[0] is >= 'a' and <= 'z' && prefix.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9'));
}
