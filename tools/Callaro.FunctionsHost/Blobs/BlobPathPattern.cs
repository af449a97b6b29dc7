using System.Text.RegularExpressions;

namespace Callaro.FunctionsHost.Blobs;

/// <summary>
/// A blob trigger's path, <c>container/prefix{name}.ext</c>: which container to watch, which blob names match,
/// and the values of the path's variables for a matching name.
/// </summary>
internal sealed partial class BlobPathPattern
{
    private readonly Regex _name;

    private BlobPathPattern(string container, string prefix, Regex name, IReadOnlyList<string> variables)
    {
        Container = container;
        Prefix = prefix;
        _name = name;
        Variables = variables;
    }

    public string Container { get; }

    /// <summary>The literal start of the blob name, used to list fewer blobs.</summary>
    public string Prefix { get; }

    public IReadOnlyList<string> Variables { get; }

    /// <exception cref="FormatException">The path names no container.</exception>
    public static BlobPathPattern Parse(string path)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var container = slash < 0 ? path : path[..slash];
        if (container.Length == 0 || container.Contains('{', StringComparison.Ordinal))
        {
            throw new FormatException($"Blob trigger path '{path}' must start with a container name, e.g. 'samples/{{name}}'.");
        }

        var blob = slash < 0 ? "{name}" : path[(slash + 1)..];
        var variables = new List<string>();
        var regex = new System.Text.StringBuilder("^");
        var position = 0;
        foreach (Match variable in Variable().Matches(blob))
        {
            regex.Append(Regex.Escape(blob[position..variable.Index]));
            var name = variable.Groups[1].Value;
            // The host lets {name} span folders; a later literal part still has to match.
            regex.Append(variables.Contains(name) ? $"\\k<{name}>" : $"(?<{name}>.+?)");
            variables.Add(name);
            position = variable.Index + variable.Length;
        }

        regex.Append(Regex.Escape(blob[position..])).Append('$');
        var firstVariable = blob.IndexOf('{', StringComparison.Ordinal);
        var prefix = firstVariable < 0 ? blob : blob[..firstVariable];
        return new BlobPathPattern(container, prefix, new Regex(regex.ToString(), RegexOptions.CultureInvariant), variables.Distinct().ToList());
    }

    /// <summary>The variables' values when <paramref name="blobName"/> matches, otherwise null.</summary>
    public IReadOnlyDictionary<string, string>? Match(string blobName)
    {
        var match = _name.Match(blobName);
        return match.Success ? Variables.ToDictionary(v => v, v => match.Groups[v].Value) : null;
    }

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Variable();
}
