using Callaro.Core.Workspaces;

namespace Callaro.Core.Settings;

/// <summary>
/// The names people know operators, campaigns and deals by, as admins set them in the workspace settings
/// (<see cref="WorkspaceSettings.Operators"/>, <see cref="WorkspaceSettings.Deals"/>) and the campaign settings
/// (<see cref="CampaignSettings.Name"/>). Pages, the export and the digest show a name where one is known and the id
/// otherwise. Names are user input: whoever shows one encodes it.
/// </summary>
/// <param name="Operators">Operator id to name.</param>
/// <param name="Campaigns">Campaign id to name.</param>
/// <param name="Deals">Deal id to name.</param>
public sealed record DisplayNames(IReadOnlyDictionary<string, string> Operators, IReadOnlyDictionary<string, string> Campaigns, IReadOnlyDictionary<string, string> Deals)
{
    /// <summary>The most names one map (operators, deals) may hold, so the settings row stays within a property's 64 KiB.</summary>
    public const int MaxEntries = 200;

    /// <summary>The longest id a name may be given for.</summary>
    public const int MaxIdLength = 64;

    /// <summary>The longest name.</summary>
    public const int MaxNameLength = 80;

    /// <summary>An empty map of names.</summary>
    public static IReadOnlyDictionary<string, string> Empty { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>No names known.</summary>
    public static DisplayNames None { get; } = new(Empty, Empty, Empty);

    /// <summary>The operator's name, or null.</summary>
    public string? Operator(string? id) => Find(Operators, id);

    /// <summary>The campaign's name, or null.</summary>
    public string? Campaign(string? id) => Find(Campaigns, id);

    /// <summary>The deal's name, or null.</summary>
    public string? Deal(string? id) => Find(Deals, id);

    /// <summary>Why <paramref name="name"/> cannot be a display name, or null when it can.</summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "A name cannot be empty or blank.";
        if (name.Length > MaxNameLength) return $"'{name[..40]}…' is longer than {MaxNameLength} characters.";
        if (name.Any(char.IsControl)) return $"'{name}' contains control characters.";
        return null;
    }

    /// <summary>
    /// Errors of one map of names under <paramref name="member"/> (<c>operators</c>, <c>deals</c>): at most
    /// <see cref="MaxEntries"/> entries, ids of 1 to <see cref="MaxIdLength"/> characters without control characters,
    /// valid names (<see cref="NameProblem"/>).
    /// </summary>
    public static void Validate(string member, IReadOnlyDictionary<string, string>? names, IDictionary<string, string[]> errors)
    {
        if (names is null)
        {
            errors[member] = [$"{member} must be an object of ids to names (use {{}} for none)."];
            return;
        }
        if (names.Count > MaxEntries)
            errors[member] = [$"{member} names {names.Count} ids; at most {MaxEntries} are allowed."];
        foreach (var (id, name) in names)
        {
            if (id.Length is 0 or > MaxIdLength || id.Any(char.IsControl))
                errors[member] = [$"'{Clip(id)}' cannot be an id here: use 1 to {MaxIdLength} characters without control characters."];
            else if (NameProblem(name) is { } problem)
                errors[$"{member}.{id}"] = [problem];
        }
    }

    private static string? Find(IReadOnlyDictionary<string, string> names, string? id) =>
        id is not null && names.TryGetValue(id, out var name) ? name : null;

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";
}

/// <summary>
/// A workspace's <see cref="DisplayNames"/>: its settings (cached by <see cref="WorkspaceSettingsStore"/>) and its
/// configured campaigns' names (one partition query), kept in memory for <see cref="WorkspaceSettingsStore.DefaultCacheDuration"/>.
/// </summary>
public class DisplayNameSource
{
    private readonly WorkspaceSettingsStore _workspaces;
    private readonly CampaignSettingsStore _campaigns;
    private readonly SettingsCache<string, DisplayNames> _cache;

    /// <summary>For mocking.</summary>
    protected DisplayNameSource()
    {
        _workspaces = null!;
        _campaigns = null!;
        _cache = new(TimeProvider.System, TimeSpan.Zero);
    }

    /// <summary>Reads names from the workspace and campaign settings.</summary>
    public DisplayNameSource(WorkspaceSettingsStore workspaces, CampaignSettingsStore campaigns, TimeProvider clock)
    {
        _workspaces = workspaces;
        _campaigns = campaigns;
        _cache = new(clock, WorkspaceSettingsStore.DefaultCacheDuration, StringComparer.Ordinal);
    }

    /// <summary>The names known for the workspace.</summary>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    public virtual Task<DisplayNames> GetAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        _cache.GetOrReadAsync(workspaceId, ReadAsync, cancellationToken);

    private async Task<DisplayNames> ReadAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var settings = _workspaces.GetAsync(workspaceId, cancellationToken);
        var campaigns = _campaigns.ListAsync(workspaceId, cancellationToken);
        await Task.WhenAll(settings, campaigns).ConfigureAwait(false);
        var named = (await campaigns.ConfigureAwait(false)).Where(c => c.Value.Name is not null)
            .ToDictionary(c => c.Key, c => c.Value.Name!, StringComparer.Ordinal);
        var s = await settings.ConfigureAwait(false);
        return new DisplayNames(s.Operators, named, s.Deals);
    }
}
