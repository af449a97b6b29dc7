using System.Net;
using System.Text.Json;
using System.Xml;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Callaro.Storage.Internal;

/// <summary>Which storage service a pipeline talks to; the Shared Key strings differ.</summary>
internal enum StorageService
{
    Table,
    Blob,
}

/// <summary>Builds the Azure.Core pipeline every storage client sends through.</summary>
internal static class StoragePipeline
{
    // One handler for every client in the process: connections are pooled per endpoint, so a burst
    // of parallel upserts reuses warm keep-alive connections instead of opening new sockets.
    private static readonly Lazy<HttpClientTransport> SharedTransport = new(() => new HttpClientTransport(
        new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 512,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            EnableMultipleHttp2Connections = true,
        }));

    // Logged as is; everything else (Authorization, sig, keys) is redacted by Azure.Core's sanitizer.
    private static readonly string[] LoggedHeaders =
    [
        "x-ms-version", "x-ms-date", "x-ms-client-request-id", "x-ms-request-id", "x-ms-error-code",
        "x-ms-blob-type", "x-ms-continuation-NextPartitionKey", "x-ms-continuation-NextRowKey",
        "x-ms-continuation-NextTableName", "ETag", "Last-Modified", "If-Match", "If-None-Match", "Prefer",
        "DataServiceVersion", "Accept", "Content-Type", "Content-Length", "x-ms-creation-time",
    ];

    private static readonly string[] LoggedQueryParameters =
    [
        "comp", "restype", "prefix", "marker", "maxresults", "include", "$filter", "$select", "$top",
        "NextPartitionKey", "NextRowKey", "NextTableName", "sv", "st", "se", "sp", "sr", "spr", "timeout",
    ];

    public static HttpPipeline Build(ClientOptions options, string serviceVersion, StorageService service, StorageAuth auth, TimeProvider clock)
    {
        ConfigureDiagnostics(options);
        if (ReferenceEquals(options.Transport, HttpClientTransport.Shared))
        {
            options.Transport = SharedTransport.Value;
        }

        var perRetry = new List<HttpPipelinePolicy> { new StorageHeadersPolicy(serviceVersion, clock) };
        if (auth.SharedKey is not null)
        {
            perRetry.Add(service == StorageService.Table
                ? new TableSharedKeyPolicy(auth.SharedKey)
                : new BlobSharedKeyPolicy(auth.SharedKey));
        }
        else if (auth.Sas is not null)
        {
            perRetry.Add(new SasPolicy(auth.Sas));
        }
        else if (auth.Token is not null)
        {
            perRetry.Add(new StorageBearerTokenPolicy(auth.Token));
        }

        return HttpPipelineBuilder.Build(options, [], [.. perRetry], new ResponseClassifier());
    }

    private static void ConfigureDiagnostics(ClientOptions options)
    {
        var diagnostics = options.Diagnostics;
        foreach (var header in LoggedHeaders)
        {
            if (!diagnostics.LoggedHeaderNames.Contains(header))
            {
                diagnostics.LoggedHeaderNames.Add(header);
            }
        }

        foreach (var parameter in LoggedQueryParameters)
        {
            if (!diagnostics.LoggedQueryParameters.Contains(parameter))
            {
                diagnostics.LoggedQueryParameters.Add(parameter);
            }
        }

        // Whatever a caller added, these never reach a log.
        diagnostics.LoggedHeaderNames.Remove("Authorization");
        diagnostics.LoggedQueryParameters.Remove("sig");
    }

    /// <summary>Sends the message and throws <see cref="RequestFailedException"/> unless the status is expected.</summary>
    public static async ValueTask<Response> SendAsync(HttpPipeline pipeline, HttpMessage message, CancellationToken cancellationToken, params int[] okStatuses)
    {
        await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (okStatuses.Length == 0 ? response.Status is >= 200 and < 300 : okStatuses.Contains(response.Status))
        {
            return response;
        }

        throw CreateException(response);
    }

    /// <summary>A <see cref="RequestFailedException"/> carrying the service's error code and message.</summary>
    public static RequestFailedException CreateException(Response response) =>
        new(response, null, StorageErrorParser.Instance);
}

/// <summary>
/// Reads the service's error code (the <c>x-ms-error-code</c> header, else the body: Table JSON
/// <c>odata.error</c> or Blob XML <c>&lt;Error&gt;</c>) and message for <see cref="RequestFailedException"/>.
/// </summary>
internal sealed class StorageErrorParser : RequestFailedDetailsParser
{
    public static readonly StorageErrorParser Instance = new();

    public override bool TryParse(Response response, out ResponseError? error, out IDictionary<string, string>? data)
    {
        data = null;
        response.Headers.TryGetValue("x-ms-error-code", out var code);
        string? message = null;
        try
        {
            (var bodyCode, message) = ParseBody(response);
            code ??= bodyCode;
        }
        catch (Exception e) when (e is JsonException or XmlException or InvalidOperationException)
        {
            // An unreadable body still leaves the status and header code.
        }

        error = code is null && message is null ? null : new ResponseError(code, message ?? code);
        return error is not null;
    }

    internal static (string? Code, string? Message) ParseBody(Response response)
    {
        var content = response.Content;
        if (content is null || content.ToMemory().IsEmpty)
        {
            return (null, null);
        }

        var span = content.ToMemory().Span;
        var first = span.TrimStart(" \r\n\t\uFEFF"u8);
        if (first.IsEmpty)
        {
            return (null, null);
        }

        if (first[0] == (byte)'{')
        {
            using var doc = JsonDocument.Parse(content.ToMemory());
            if (doc.RootElement.TryGetProperty("odata.error", out var odataError))
            {
                var code = odataError.TryGetProperty("code", out var c) ? c.GetString() : null;
                string? message = null;
                if (odataError.TryGetProperty("message", out var m))
                {
                    message = m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString() : m.ToString();
                }

                return (code, message);
            }

            return (null, null);
        }

        if (first[0] == (byte)'<')
        {
            var xml = new XmlDocument { XmlResolver = null };
            using var reader = XmlReader.Create(content.ToStream(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            xml.Load(reader);
            var root = xml.DocumentElement;
            return (root?["Code"]?.InnerText, root?["Message"]?.InnerText);
        }

        return (null, null);
    }
}
