using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Callaro.Storage.Internal;

/// <summary>
/// Stamps <c>x-ms-version</c> and a fresh <c>x-ms-date</c> on every attempt: the service rejects
/// requests whose date is more than 15 minutes off, and a retry after a long backoff must not reuse the old one.
/// </summary>
internal sealed class StorageHeadersPolicy : HttpPipelineSynchronousPolicy
{
    private readonly string _version;
    private readonly TimeProvider _clock;

    public StorageHeadersPolicy(string version, TimeProvider? clock = null)
    {
        _version = version;
        _clock = clock ?? TimeProvider.System;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        message.Request.Headers.SetValue("x-ms-version", _version);
        message.Request.Headers.SetValue("x-ms-date", _clock.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
    }
}
