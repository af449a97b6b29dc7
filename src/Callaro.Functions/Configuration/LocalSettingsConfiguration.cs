using System.Text.Json;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Callaro.Functions.Configuration;

/// <summary>
/// Reads <c>local.settings.json</c> the way the Functions host does when the app runs without it:
/// only the <c>Values</c> object, each value a string, <c>__</c> in a name meaning a section separator.
/// </summary>
public static class LocalSettingsConfiguration
{
    public const string FileName = "local.settings.json";

    /// <summary>
    /// Adds <c>local.settings.json</c> below environment variables and the command line, so they win,
    /// unless the Functions host is running us (it supplies the app settings itself).
    /// </summary>
    public static WebApplicationBuilder AddLocalSettingsWhenRunWithoutHost(this WebApplicationBuilder builder)
    {
        if (FunctionsHost.IsPresent(builder.Configuration))
        {
            return builder;
        }

        var sources = builder.Configuration.Sources;
        var firstEnvironmentSource = sources.ToList().FindIndex(s => s is EnvironmentVariablesConfigurationSource);
        var source = new LocalSettingsConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(builder.Environment.ContentRootPath),
            Path = FileName,
            Optional = true,
            ReloadOnChange = false,
        };
        if (firstEnvironmentSource < 0)
        {
            sources.Add(source);
        }
        else
        {
            sources.Insert(firstEnvironmentSource, source);
        }

        return builder;
    }
}

/// <summary>A JSON file source that reads only <c>Values</c> from a <c>local.settings.json</c>.</summary>
public sealed class LocalSettingsConfigurationSource : JsonConfigurationSource
{
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new LocalSettingsConfigurationProvider(this);
    }
}

internal sealed class LocalSettingsConfigurationProvider(LocalSettingsConfigurationSource source) : JsonConfigurationProvider(source)
{
    public override void Load(Stream stream)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new FormatException($"{LocalSettingsConfiguration.FileName} is not valid JSON ({e.Message}); fix it or delete it and let ./run.sh recreate it from local.settings.sample.json.", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("Values", out var values)
                && values.ValueKind == JsonValueKind.Object)
            {
                foreach (var setting in values.EnumerateObject())
                {
                    var key = setting.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
                    data[key] = setting.Value.ValueKind switch
                    {
                        JsonValueKind.String => setting.Value.GetString(),
                        JsonValueKind.Null => null,
                        _ => setting.Value.GetRawText(),
                    };
                }
            }
        }

        Data = data;
    }
}
