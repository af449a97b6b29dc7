using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Callaro.Storage.Internal;

/// <summary>
/// Signs Blob requests with the Blob service's full Shared Key string: twelve standard headers,
/// the canonicalized <c>x-ms-*</c> headers and the canonicalized resource with every query parameter.
/// Runs per retry, after <see cref="StorageHeadersPolicy"/>, so each attempt carries a fresh date and signature.
/// </summary>
internal sealed class BlobSharedKeyPolicy : HttpPipelineSynchronousPolicy
{
    private static readonly string[] StandardHeaders =
    [
        "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
    ];

    private readonly SharedKeyCredential _credential;

    public BlobSharedKeyPolicy(SharedKeyCredential credential) => _credential = credential;

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var stringToSign = BuildStringToSign(request, _credential.AccountName);
        request.Headers.SetValue("Authorization", $"SharedKey {_credential.AccountName}:{_credential.Sign(stringToSign)}");
    }

    internal static string BuildStringToSign(Request request, string accountName)
    {
        var sb = new StringBuilder(512);
        sb.Append(request.Method.Method).Append('\n');
        foreach (var name in StandardHeaders)
        {
            sb.Append(StandardHeader(request, name)).Append('\n');
        }

        AppendCanonicalizedHeaders(sb, request);
        AppendCanonicalizedResource(sb, request.Uri.Path, request.Uri.Query, accountName);
        return sb.ToString();
    }

    private static string StandardHeader(Request request, string name)
    {
        if (name == "Content-Length")
        {
            // Zero is signed as empty since version 2015-02-21; the transport adds the header later.
            return request.Content is not null && request.Content.TryComputeLength(out var length) && length > 0
                ? length.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : "";
        }

        // x-ms-date is always set, so Date is signed empty.
        return name == "Date" ? "" : request.Headers.TryGetValue(name, out var value) ? value : "";
    }

    private static void AppendCanonicalizedHeaders(StringBuilder sb, Request request)
    {
        var headers = new List<(string Name, string Value)>();
        foreach (var header in request.Headers)
        {
            if (header.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            {
                headers.Add((header.Name.ToLowerInvariant(), header.Value.Trim()));
            }
        }

        headers.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var (name, value) in headers)
        {
            sb.Append(name).Append(':').Append(value).Append('\n');
        }
    }

    private static void AppendCanonicalizedResource(StringBuilder sb, string path, string query, string accountName)
    {
        sb.Append('/').Append(accountName).Append(path.Length == 0 ? "/" : path);
        var parameters = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in QueryString.Parse(query))
        {
            var key = name.ToLowerInvariant();
            if (!parameters.TryGetValue(key, out var values))
            {
                parameters[key] = values = [];
            }

            values.Add(value);
        }

        foreach (var (name, values) in parameters)
        {
            values.Sort(StringComparer.Ordinal);
            sb.Append('\n').Append(name).Append(':').Append(string.Join(',', values));
        }
    }
}
