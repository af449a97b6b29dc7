using System.Collections.Concurrent;

namespace Callaro.FunctionsHost.Worker;

/// <summary>Invocations in flight and finished ones, and whoever waits for one to finish.</summary>
internal sealed class InvocationJournal
{
    // A host left running for a day keeps the recent past, not every invocation.
    private const int KeptInvocations = 10_000;
    private readonly ConcurrentDictionary<string, Running> _running = new();
    private readonly Queue<FunctionInvocation> _completed = new();
    private readonly List<Waiter> _waiters = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<FunctionInvocation> Completed
    {
        get
        {
            lock (_lock)
            {
                return [.. _completed];
            }
        }
    }

    public void Start(string invocationId, string functionName) => _running[invocationId] = new Running(functionName);

    public string? FunctionOf(string invocationId) => _running.TryGetValue(invocationId, out var running) ? running.FunctionName : null;

    public void AddLog(string invocationId, string message)
    {
        if (_running.TryGetValue(invocationId, out var running))
        {
            lock (running.Logs)
            {
                running.Logs.Add(message);
            }
        }
    }

    public FunctionInvocation Finish(string invocationId, string reason, bool succeeded, string? error, TimeSpan duration)
    {
        _running.TryRemove(invocationId, out var running);
        string[] logs;
        lock (running!.Logs)
        {
            logs = [.. running.Logs];
        }

        var invocation = new FunctionInvocation(running.FunctionName, invocationId, reason, succeeded, error, duration, logs);
        List<Waiter> satisfied;
        lock (_lock)
        {
            // A queue, not a list trimmed from the front: once full, every finish would move the whole list.
            _completed.Enqueue(invocation);
            if (_completed.Count > KeptInvocations)
            {
                _completed.Dequeue();
            }

            satisfied = _waiters.Count == 0 ? [] : _waiters.Where(w => w.Matches(invocation)).ToList();
            _waiters.RemoveAll(satisfied.Contains);
        }

        foreach (var waiter in satisfied)
        {
            waiter.Result.TrySetResult(invocation);
        }

        return invocation;
    }

    public async Task<FunctionInvocation> WaitAsync(string functionName, Func<FunctionInvocation, bool> match, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(functionName, match);
        lock (_lock)
        {
            var done = _completed.FirstOrDefault(waiter.Matches);
            if (done is not null)
            {
                return done;
            }

            _waiters.Add(waiter);
        }

        try
        {
            return await waiter.Result.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            lock (_lock)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    private sealed record Running(string FunctionName)
    {
        public List<string> Logs { get; } = [];
    }

    private sealed class Waiter(string functionName, Func<FunctionInvocation, bool> match)
    {
        public TaskCompletionSource<FunctionInvocation> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Matches(FunctionInvocation invocation) =>
            invocation.FunctionName.Equals(functionName, StringComparison.OrdinalIgnoreCase) && match(invocation);
    }
}
