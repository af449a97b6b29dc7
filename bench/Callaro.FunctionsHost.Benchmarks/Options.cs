using System.Globalization;

namespace Callaro.FunctionsHost.Benchmarks;

internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Options(values);
    }

    public string Text(string name) =>
        values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");

    public string TextOr(string name, string fallback) => values.TryGetValue(name, out var value) ? value : fallback;

    public int Int(string name) => int.Parse(Text(name), CultureInfo.InvariantCulture);
}
