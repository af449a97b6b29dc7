using System.Globalization;

namespace Callaro.FunctionsHost.Benchmarks;

/// <summary>CPU time a process has used so far, from /proc (user + system).</summary>
internal static class ProcessCpu
{
    public static TimeSpan Of(int pid, int clockTicksPerSecond)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name in parentheses may hold spaces: fields are counted after its closing parenthesis.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((double)ticks / clockTicksPerSecond);
    }

    /// <summary>The first child process of <paramref name="pid"/> (the host's worker).</summary>
    public static int ChildOf(int pid) =>
        Directory.GetDirectories($"/proc/{pid}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(child => int.Parse(child, CultureInfo.InvariantCulture))
            .First();
}
