namespace Callaro.Deployment.Tests;

public sealed class PipelineTests
{
    private readonly Pipeline _pipeline = Pipeline.Load();

    [Fact]
    public void PipelineBuildsThenDeploysFromMainOnly()
    {
        Assert.Equal(["Build", "Deploy"], _pipeline.Stages.Select(stage => Pipeline.Scalar(stage, "stage")));
        var deploy = _pipeline.Stage("Deploy");
        Assert.Equal("Build", Pipeline.Scalar(deploy, "dependsOn"));
        Assert.Contains("refs/heads/main", Pipeline.Scalar(deploy, "condition"), StringComparison.Ordinal);
    }

    [Fact]
    public void BuildStageTestsPublishesTheAppAndCompilesTheTemplateWithThePinnedCompiler()
    {
        var scripts = Pipeline.Steps(_pipeline.Stage("Build")).Select(Pipeline.Script).ToList();

        AssertInOrder(scripts, "./test.sh", "dotnet publish src/Callaro.Functions -c", "tools/bicep/bicep.sh build infra/main.bicep");
    }

    [Fact]
    public void DeployStageCreatesTheResourcesThenDeploysTheAppThenConnectsTheBlobTriggers()
    {
        var steps = Pipeline.Steps(_pipeline.Stage("Deploy")).ToList();
        var azureCli = Assert.Single(steps, step => Pipeline.Scalar(step, "task") == "AzureCLI@2");

        AssertInOrder(Pipeline.Script(azureCli).Split('\n'), "deploy\" infrastructure", "deploy\" app ", "deploy\" blob-triggers");
    }

    [Fact]
    public void EveryVariableThePipelineUsesIsDefinedOrDocumented()
    {
        var known = _pipeline.DefinedVariables.Union(_pipeline.DocumentedVariables).ToHashSet(StringComparer.Ordinal);

        var unknown = _pipeline.UsedVariables.Except(known).Order(StringComparer.Ordinal).ToList();

        Assert.True(unknown.Count == 0, $"{Pipeline.FileName} uses variables its header does not document: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void EveryDocumentedVariableIsUsed()
    {
        Assert.Contains("azureServiceConnection", _pipeline.DocumentedVariables);

        var unused = _pipeline.DocumentedVariables.Except(_pipeline.UsedVariables).Order(StringComparer.Ordinal).ToList();

        Assert.True(unused.Count == 0, $"{Pipeline.FileName} documents variables nothing uses: {string.Join(", ", unused)}");
    }

    [Fact]
    public void DeployStepGivesTheDeployScriptEverySettingItRequires()
    {
        var azureCli = Pipeline.Steps(_pipeline.Stage("Deploy")).Single(step => Pipeline.Scalar(step, "task") == "AzureCLI@2");
        var environment = ((YamlDotNet.RepresentationModel.YamlMappingNode)azureCli.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("env")])
            .Children.Keys.Select(key => key.ToString()).ToHashSet(StringComparer.Ordinal);

        var required = DeployScript.RequiredVariables();

        Assert.NotEmpty(required);
        Assert.Empty(required.Except(environment));
    }

    private static void AssertInOrder(IReadOnlyList<string> lines, params string[] expected)
    {
        var positions = expected.Select(text => lines.ToList().FindIndex(line => line.Contains(text, StringComparison.Ordinal))).ToList();
        Assert.True(positions.All(p => p >= 0) && positions.SequenceEqual(positions.Order()),
            $"Expected, in this order: {string.Join(" | ", expected)}; found at positions {string.Join(", ", positions)} in:\n{string.Join('\n', lines)}");
    }
}
