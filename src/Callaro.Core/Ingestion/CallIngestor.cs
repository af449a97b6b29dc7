using Callaro.Core.Calls;

namespace Callaro.Core.Ingestion;

/// <summary>Stores call events exactly once and folds them into the call's record, log row and alert row.</summary>
public class CallIngestor
{
    /// <summary>For mocking.</summary>
    protected CallIngestor() { }

    /// <summary>
    /// Stores a batch of already-validated events. Returns once every event is durably stored.
    /// </summary>
    /// <exception cref="ArgumentException">An event fails <see cref="CallEventValidator"/>; nothing was written.</exception>
    /// <exception cref="Azure.RequestFailedException">Storage failed; some events may be stored, and a retry is safe.</exception>
    public virtual Task<IngestResult> IngestAsync(IReadOnlyList<CallEvent> events, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}

/// <summary>How many events were new and how many had been stored before.</summary>
public sealed record IngestResult(int Accepted, int Duplicates);
