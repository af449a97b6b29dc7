using System.Text.RegularExpressions;

namespace Callaro.Deployment.Tests;

/// <summary>infra/deploy.sh, the one way resources and the app are deployed (by the pipeline and by hand).</summary>
internal static partial class DeployScript
{
    public const string FileName = "infra/deploy.sh";

    /// <summary>Environment variables the script refuses to run without (its <c>require</c> calls).</summary>
    public static IReadOnlySet<string> RequiredVariables() =>
        Repository.Read(FileName).Replace("\\\n", " ", StringComparison.Ordinal).Split('\n')
            .Where(line => line.TrimStart().StartsWith("require ", StringComparison.Ordinal))
            .SelectMany(line => VariableName().Matches(line).Select(match => match.Value))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\bCALLARO_[A-Z_]+\b")]
    private static partial Regex VariableName();
}
