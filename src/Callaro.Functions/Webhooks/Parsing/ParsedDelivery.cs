using Callaro.Core.Calls;

namespace Callaro.Functions.Webhooks.Parsing;

/// <summary>
/// What a provider payload turned into: canonical events, or field-named errors (keys as the sender
/// spells its fields, e.g. <c>events[3].occurredAt</c> or <c>CallStatus</c>). Never both: one bad
/// event rejects the whole delivery.
/// </summary>
public sealed record ParsedDelivery
{
    private ParsedDelivery(IReadOnlyList<CallEvent> events, IReadOnlyDictionary<string, string[]> errors, int ignored)
    {
        Events = events;
        Errors = errors;
        Ignored = ignored;
    }

    /// <summary>Events to ingest.</summary>
    public IReadOnlyList<CallEvent> Events { get; }

    /// <summary>Field name to reasons; empty when the delivery is valid.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>Deliveries understood but deliberately not stored (e.g. a Vonage <c>machine</c> event).</summary>
    public int Ignored { get; }

    /// <summary>True when there is nothing to reject.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>A valid delivery.</summary>
    public static ParsedDelivery Of(params IReadOnlyList<CallEvent> events) => new(events, new Dictionary<string, string[]>(), 0);

    /// <summary>A delivery that is valid but carries nothing to store.</summary>
    public static ParsedDelivery NothingToStore() => new([], new Dictionary<string, string[]>(), 1);

    /// <summary>A rejected delivery.</summary>
    public static ParsedDelivery Invalid(IReadOnlyDictionary<string, string[]> errors) => new([], errors, 0);

    /// <summary>A rejected delivery with one reason.</summary>
    public static ParsedDelivery Invalid(string field, string reason) => Invalid(new Dictionary<string, string[]> { [field] = [reason] });
}

/// <summary>Collects reasons per field so a sender learns everything wrong in one answer.</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string reason)
    {
        if (!_errors.TryGetValue(field, out var reasons))
        {
            _errors[field] = reasons = [];
        }

        reasons.Add(reason);
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
