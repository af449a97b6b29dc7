using System.Runtime.CompilerServices;
using Azure;

namespace Callaro.Storage.Internal;

/// <summary>
/// An <see cref="AsyncPageable{T}"/> over a "fetch one page from this continuation token" function, so
/// <c>AsPages(token, pageSize)</c> resumes where an earlier page left off.
/// </summary>
internal sealed class StoragePageable<T> : AsyncPageable<T>
    where T : notnull
{
    private readonly Func<string?, int?, CancellationToken, ValueTask<Page<T>>> _fetchPage;
    private readonly int? _defaultPageSize;

    public StoragePageable(Func<string?, int?, CancellationToken, ValueTask<Page<T>>> fetchPage, int? defaultPageSize, CancellationToken cancellationToken)
        : base(cancellationToken)
    {
        _fetchPage = fetchPage;
        _defaultPageSize = defaultPageSize;
    }

    public override async IAsyncEnumerable<Page<T>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
    {
        var token = continuationToken;
        do
        {
            var page = await _fetchPage(token, pageSizeHint ?? _defaultPageSize, CancellationToken).ConfigureAwait(false);
            yield return page;
            token = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(token));
    }

    public override async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        await foreach (var page in AsPages().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in page.Values)
            {
                yield return item;
            }
        }
    }
}
