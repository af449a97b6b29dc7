namespace Callaro.Functions.Configuration;

/// <summary>
/// The address people and providers reach the app at (<c>Callaro:PublicBaseUrl</c>), e.g.
/// <c>https://callaro.example.net</c>. Providers sign the full URL, so webhook checks need it.
/// </summary>
public sealed class PublicUrlOptions
{
    public const string SectionName = "Callaro";

    public string PublicBaseUrl { get; set; } = "";

    /// <summary>The base URL as a <see cref="Uri"/> (validated at start-up).</summary>
    public Uri BaseUri => new(PublicBaseUrl.TrimEnd('/') + "/");

    internal static IEnumerable<string> Problems(PublicUrlOptions options)
    {
        const string key = SectionName + ":PublicBaseUrl";
        if (string.IsNullOrWhiteSpace(options.PublicBaseUrl))
        {
            yield return Settings.Missing(key);
        }
        else if (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return Settings.Invalid(key, $"'{options.PublicBaseUrl}' is not an absolute http(s) URL such as https://callaro.example.net.");
        }
    }
}
