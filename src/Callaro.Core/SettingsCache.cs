using System.Collections.Concurrent;

namespace Callaro.Core;

/// <summary>
/// Settings read from storage, served from memory for a fixed lifetime so hot paths (ingesting an event, judging a
/// page of calls) cost no transaction per use. Another instance sees a change within the lifetime; the instance
/// that wrote it at once (<see cref="Set"/>). Concurrent misses each read; the last read wins.
/// </summary>
internal sealed class SettingsCache<TKey, TValue>(TimeProvider clock, TimeSpan lifetime, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset Until)> _entries = new(comparer);

    /// <summary>The value kept for <paramref name="key"/>, or what <paramref name="read"/> returns, kept from now on.</summary>
    public async Task<TValue> GetOrReadAsync(TKey key, Func<TKey, CancellationToken, Task<TValue>> read, CancellationToken cancellationToken)
    {
        // The lifetime counts from before the read, so a kept value is never older than the lifetime.
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(key, out var hit) && hit.Until > now) return hit.Value;

        var value = await read(key, cancellationToken).ConfigureAwait(false);
        _entries[key] = (value, now + lifetime);
        return value;
    }

    /// <summary>Keeps a value this instance has just stored.</summary>
    public void Set(TKey key, TValue value) => _entries[key] = (value, clock.GetUtcNow() + lifetime);
}
