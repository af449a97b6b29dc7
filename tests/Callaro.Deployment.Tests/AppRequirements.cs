using System.Text.RegularExpressions;

namespace Callaro.Deployment.Tests;

/// <summary>
/// What the app needs from its deployment, read from the app's own files: the README's settings table (the
/// rows marked required, or required in Azure) and the app's trigger bindings (<c>%Setting%</c> expressions
/// and <c>Connection</c> names, which the Functions host resolves from app settings before anything runs).
/// </summary>
internal static partial class AppRequirements
{
    private const string AppSource = "src/Callaro.Functions";

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
        BindingSources().SelectMany(text =>
            BindingExpression().Matches(text).Select(m => m.Groups["name"].Value)
                .Concat(ConnectionName().Matches(text).Select(m => m.Groups["name"].Value)))
            .Select(AppSettingName)
            .Distinct(StringComparer.Ordinal);

    /// <summary>Functions that declare a blob trigger, by function name.</summary>
    public static IReadOnlySet<string> BlobTriggerFunctions()
    {
        var fromFunctionJson = FunctionJsonFiles()
            .Where(path => File.ReadAllText(path).Contains("\"blobTrigger\"", StringComparison.Ordinal))
            .Select(path => Path.GetFileName(Path.GetDirectoryName(path)!));
        var fromAttributes = CSharpFiles().SelectMany(path =>
        {
            var text = File.ReadAllText(path);
            return BlobTriggerAttribute().Matches(text)
                .Select(trigger => FunctionAttribute().Matches(text[..trigger.Index]).LastOrDefault())
                .OfType<Match>()
                .Select(function => function.Groups["name"].Value.Split('.')[^1]);
        });
        return fromFunctionJson.Concat(fromAttributes).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary><c>Callaro:Storage:NamePrefix</c> becomes <c>Callaro__Storage__NamePrefix</c>.</summary>
    public static string AppSettingName(string configurationKey) => configurationKey.Replace(":", "__", StringComparison.Ordinal);

    private static IEnumerable<string> BindingSources() =>
        FunctionJsonFiles().Select(File.ReadAllText)
            .Concat(CSharpFiles().SelectMany(File.ReadLines).Where(line => line.Contains("Trigger(", StringComparison.Ordinal)
                || line.Contains("Connection", StringComparison.Ordinal)));

    private static IEnumerable<string> FunctionJsonFiles() => AppFiles("function.json");

    private static IEnumerable<string> CSharpFiles() => AppFiles("*.cs");

    private static IEnumerable<string> AppFiles(string pattern) =>
        Directory.EnumerateFiles(Repository.PathOf(AppSource), pattern, SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [GeneratedRegex(@"^\|\s*Setting\s*\|\s*Required\s*\|")]
    private static partial Regex SettingsTableHeader();

    [GeneratedRegex(@"""[^""\n]*%(?<name>[A-Za-z_][A-Za-z0-9_:.]*)%")]
    private static partial Regex BindingExpression();

    [GeneratedRegex(@"(?:Connection\s*=\s*|""connection""\s*:\s*)""(?<name>[A-Za-z_][A-Za-z0-9_:]*)""")]
    private static partial Regex ConnectionName();

    [GeneratedRegex(@"\[\s*BlobTrigger\s*\(")]
    private static partial Regex BlobTriggerAttribute();

    [GeneratedRegex(@"\[\s*Function\s*\(\s*(?:""(?<name>[^""]+)""|nameof\((?<name>[A-Za-z0-9_.]+)\))")]
    private static partial Regex FunctionAttribute();
}
