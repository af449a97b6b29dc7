using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Callaro.Deployment.Tests;

/// <summary>azure-pipelines.yml, parsed, with the variables its header documents.</summary>
internal sealed partial class Pipeline
{
    public const string FileName = "azure-pipelines.yml";

    private Pipeline(string text, YamlMappingNode root)
    {
        Text = text;
        Root = root;
    }

    public string Text { get; }

    public YamlMappingNode Root { get; }

    public static Pipeline Load()
    {
        var text = Repository.Read(FileName);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return new Pipeline(text, (YamlMappingNode)stream.Documents.Single().RootNode);
    }

    public IReadOnlyList<YamlMappingNode> Stages => Sequence(Root, "stages").Cast<YamlMappingNode>().ToList();

    public YamlMappingNode Stage(string name) => Stages.Single(stage => Scalar(stage, "stage") == name);

    /// <summary>Variables the YAML defines itself.</summary>
    public IReadOnlySet<string> DefinedVariables =>
        ((YamlMappingNode)Root.Children[new YamlScalarNode("variables")]).Children.Keys.Select(key => key.ToString()).ToHashSet(StringComparer.Ordinal);

    /// <summary>Variables the header comment tells people to define (<c>#   name   what it is</c>).</summary>
    public IReadOnlySet<string> DocumentedVariables =>
        Text.Split('\n').TakeWhile(line => line.StartsWith('#'))
            .Select(line => DocumentedVariable().Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups["name"].Value)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Variables the pipeline uses as <c>$(name)</c> or <c>variables.name</c>, apart from Azure Pipelines' own (<c>Build.*</c>, ...).</summary>
    public IReadOnlySet<string> UsedVariables =>
        Uses().Where(name => !name.Contains('.', StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every step of a stage, in order, whatever job or deployment strategy holds it.</summary>
    public static IEnumerable<YamlMappingNode> Steps(YamlNode node) => node switch
    {
        YamlMappingNode mapping => mapping.Children.SelectMany(pair => pair.Key.ToString() == "steps"
            ? ((YamlSequenceNode)pair.Value).Children.Cast<YamlMappingNode>()
            : Steps(pair.Value)),
        YamlSequenceNode sequence => sequence.Children.SelectMany(Steps),
        _ => [],
    };

    /// <summary>What a step runs: a script's text, or a task's inline script; empty for other tasks.</summary>
    public static string Script(YamlMappingNode step) =>
        Scalar(step, "script") ?? (step.Children.TryGetValue(new YamlScalarNode("inputs"), out var inputs) ? Scalar((YamlMappingNode)inputs, "inlineScript") : null) ?? "";

    public static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    public static IEnumerable<YamlNode> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlSequenceNode)value).Children : [];

    private IEnumerable<string> Uses()
    {
        var body = string.Join('\n', Text.Split('\n').Where(line => !line.TrimStart().StartsWith('#')));
        return Macro().Matches(body).Concat(RuntimeExpressionVariable().Matches(body)).Select(match => match.Groups["name"].Value);
    }

    [GeneratedRegex(@"^#\s{2,}(?<name>[a-z][A-Za-z0-9]*)\s{2,}\S")]
    private static partial Regex DocumentedVariable();

    [GeneratedRegex(@"\$\((?<name>[A-Za-z][A-Za-z0-9_.]*)\)")]
    private static partial Regex Macro();

    [GeneratedRegex(@"variables\.(?<name>[A-Za-z][A-Za-z0-9_]*)")]
    private static partial Regex RuntimeExpressionVariable();
}
