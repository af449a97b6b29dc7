using System.Text.RegularExpressions;

namespace Callaro.Deployment.Tests;

/// <summary>
/// What the app needs from its deployment, read from the app itself: the README's settings table (the rows
/// marked required, or required in Azure) and the bindings of the app's <c>[Function]</c> methods (<c>%Setting%</c>
/// expressions and <c>Connection</c> names, which the Functions host resolves from app settings before any function runs).
/// </summary>
internal static partial class AppRequirements
{
    /// <summary>App settings (with <c>__</c> separators) that a deployment in Azure must set.</summary>
    public static IReadOnlySet<string> RequiredSettings() =>
        ReadmeRequiredSettings().Concat(BindingSettings()).ToHashSet(StringComparer.Ordinal);

    /// <summary>Rows of README.md's settings table whose Required column says yes or in Azure.</summary>
    public static IReadOnlyList<string> ReadmeRequiredSettings()
    {
        var rows = Repository.Read("README.md").Split('\n')
            .SkipWhile(line => !SettingsTableHeader().IsMatch(line))
            .Skip(2)
            .TakeWhile(line => line.StartsWith('|'));
        return rows
            .Select(row => row.Split('|', StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length > 3 && cells[2].Trim('*', ' ') is "yes" or "in Azure")
            .Select(cells => cells[1].Trim('`'))
            .ToList();
    }

    /// <summary>Settings named by the app's bindings: <c>%Name%</c> in trigger paths and schedules, and connection names.</summary>
    public static IEnumerable<string> BindingSettings() =>
        AppBindings.All.SelectMany(binding =>
                binding.Values.SelectMany(value => BindingExpression().Matches(value).Select(m => m.Groups["name"].Value))
                    .Concat(binding.Connection is { } connection ? [connection] : []))
            .Select(AppSettingName)
            .Distinct(StringComparer.Ordinal);

    /// <summary>Functions that declare a blob trigger, by function name.</summary>
    public static IReadOnlySet<string> BlobTriggerFunctions() =>
        AppBindings.All.Where(binding => binding.Type == "BlobTriggerAttribute").Select(binding => binding.Function)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary><c>Callaro:Storage:NamePrefix</c> becomes <c>Callaro__Storage__NamePrefix</c>.</summary>
    public static string AppSettingName(string configurationKey) => configurationKey.Replace(":", "__", StringComparison.Ordinal);

    [GeneratedRegex(@"^\|\s*Setting\s*\|\s*Required\s*\|")]
    private static partial Regex SettingsTableHeader();

    [GeneratedRegex(@"%(?<name>[A-Za-z_][A-Za-z0-9_:.]*)%")]
    private static partial Regex BindingExpression();
}
