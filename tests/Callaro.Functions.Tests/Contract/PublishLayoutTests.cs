using System.Diagnostics;
using System.Text.Json;
using Callaro.Functions.Tests.Infrastructure;

namespace Callaro.Functions.Tests.Contract;

public sealed class PublishLayoutTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("callaro-publish-").FullName;

    /// <summary>
    /// The command from README.md gives the folder the Functions host expects: host.json, one folder per
    /// function with its function.json, and the self-contained executable that host.json names.
    /// </summary>
    [Fact]
    public async Task PublishedFunctionAppHasTheLayoutTheFunctionsHostExpects()
    {
        await PublishAsync();

        Assert.True(File.Exists(Path.Combine(_output, "host.json")), "host.json is missing from the published root");
        using var host = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_output, "host.json")));
        var customHandler = host.RootElement.GetProperty("customHandler");
        Assert.True(customHandler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        var executable = customHandler.GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
        var executablePath = Path.Combine(_output, executable);
        Assert.True(File.Exists(executablePath), $"host.json names {executable}, which is not in the published root");
        if (!OperatingSystem.IsWindows())
        {
            Assert.True((File.GetUnixFileMode(executablePath) & UnixFileMode.UserExecute) != 0, $"{executable} is not executable");
        }
        Assert.True(File.Exists(Path.Combine(_output, "Callaro.Functions.dll")));

        foreach (var function in FunctionDefinitions.All())
        {
            Assert.True(File.Exists(Path.Combine(_output, function.Name, "function.json")),
                $"{function.Name}/function.json is missing from the published root");
        }

        Assert.False(Directory.Exists(Path.Combine(_output, "Functions")), "function folders must sit at the root, not under Functions/");
    }

    private async Task PublishAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                "publish", Path.Combine(RepositoryPaths.FunctionsProject, "Callaro.Functions.csproj"),
                "-c", "Release", "-r", "linux-x64", "--self-contained", "-p:PublishReadyToRun=true",
                "-o", _output, "-nologo", "-nodeReuse:false",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The test host sets MSBuild variables for its own build; the child must find its own.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"dotnet publish failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }

    public void Dispose() => Directory.Delete(_output, recursive: true);
}
