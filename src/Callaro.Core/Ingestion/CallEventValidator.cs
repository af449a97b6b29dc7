using Callaro.Core.Calls;

namespace Callaro.Core.Ingestion;

/// <summary>
/// The semantic rules every event must pass before anything is written: key characters Table Storage
/// forbids, lengths, impossible timestamps. Parsers at the edge check syntax; this checks meaning.
/// </summary>
public static class CallEventValidator
{
    /// <summary>
    /// Validates one event. Keys of the result are field names as the sender spells them in Callaro's
    /// format (e.g. <c>callId</c>, <c>occurredAt</c>); empty when the event is valid.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Validate(CallEvent callEvent) => throw new NotImplementedException();
}
