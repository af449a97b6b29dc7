namespace Callaro.Functions.Tests.Infrastructure;

public static class RepositoryPaths
{
    /// <summary>The folder holding Callaro.Functions.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string FunctionsProject => Path.Combine(Root, "src", "Callaro.Functions");

    public static string FunctionFolders => Path.Combine(FunctionsProject, "Functions");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Callaro.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find Callaro.Functions.sln above " + AppContext.BaseDirectory);
    }
}
