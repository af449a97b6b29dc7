using System.Globalization;
using Callaro.Core.Settings;

namespace Callaro.Core.Workspaces;

/// <summary>Per-workspace settings that shape how the log is partitioned and shown.</summary>
/// <param name="ReportingTimeZone">IANA (or Windows) time zone id; a call's log date is its start date in this zone.</param>
/// <param name="DefaultLocale">Culture name used to format times when the reader does not ask for one.</param>
/// <remarks>Also the names of operators and deals (<see cref="Operators"/>, <see cref="Deals"/>).</remarks>
public sealed record WorkspaceSettings(string ReportingTimeZone, string DefaultLocale)
{
    /// <summary>UTC and en-US, no names: what a workspace without stored settings uses.</summary>
    public static WorkspaceSettings Default { get; } = new("UTC", "en-US");

    /// <summary>Operator id to the name the log, the export and the digest show for it (<see cref="DisplayNames"/>).</summary>
    public IReadOnlyDictionary<string, string> Operators { get; init; } = DisplayNames.Empty;

    /// <summary>Deal id to the name the log and the call pages show for it.</summary>
    public IReadOnlyDictionary<string, string> Deals { get; init; } = DisplayNames.Empty;

    /// <summary>The reporting time zone.</summary>
    /// <exception cref="TimeZoneNotFoundException">The id is unknown on this machine (rejected by <see cref="Validate"/>).</exception>
    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(ReportingTimeZone);

    /// <summary>Errors keyed by field name (<c>reportingTimeZone</c>, <c>defaultLocale</c>); empty when valid.</summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(ReportingTimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(ReportingTimeZone, out _))
            errors["reportingTimeZone"] = [$"'{ReportingTimeZone}' is not a known time zone; use an IANA id such as Europe/Berlin or America/New_York."];
        if (!IsKnownCulture(DefaultLocale))
            errors["defaultLocale"] = [$"'{DefaultLocale}' is not a known locale; use a culture name such as en-US or de-DE."];
        DisplayNames.Validate("operators", Operators, errors);
        DisplayNames.Validate("deals", Deals, errors);
        return errors;
    }

    /// <summary>Equal when every setting is equal (name maps by content).</summary>
    public bool Equals(WorkspaceSettings? other) =>
        other is not null && ReportingTimeZone == other.ReportingTimeZone && DefaultLocale == other.DefaultLocale
        && SameNames(Operators, other.Operators) && SameNames(Deals, other.Deals);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ReportingTimeZone, DefaultLocale, Operators.Count, Deals.Count);

    private static bool SameNames(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    private static bool IsKnownCulture(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 85) return false;
        try
        {
            return CultureInfo.GetCultureInfo(name, predefinedOnly: true) is not null;
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }
}

/// <summary>Where the ingestor learns a workspace's reporting time zone.</summary>
public interface IWorkspaceTimeZoneSource
{
    /// <summary>The workspace's reporting time zone (UTC when none is set).</summary>
    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    ValueTask<TimeZoneInfo> GetReportingTimeZoneAsync(string workspaceId, CancellationToken cancellationToken = default);
}

/// <summary>One fixed time zone for every workspace (tests, single-tenant setups).</summary>
/// <param name="timeZone">The zone.</param>
public sealed class FixedTimeZoneSource(TimeZoneInfo timeZone) : IWorkspaceTimeZoneSource
{
    /// <inheritdoc />
    public ValueTask<TimeZoneInfo> GetReportingTimeZoneAsync(string workspaceId, CancellationToken cancellationToken = default) => ValueTask.FromResult(timeZone);
}
