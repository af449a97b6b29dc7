using System.Net;
using Azure.Core.Pipeline;

namespace Callaro.Storage.Tests;

/// <summary>A transport with no server behind it: records each request and answers from a script.</summary>
internal sealed class FakeHandler(Func<HttpRequestMessage, int, HttpResponseMessage> respond) : HttpMessageHandler
{
    public List<CapturedRequest> Requests { get; } = [];

    public HttpClientTransport Transport => new(this);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        lock (Requests)
        {
            Requests.Add(new CapturedRequest(request.Method.Method, request.RequestUri!, headers, body));
            return respond(request, Requests.Count);
        }
    }

    public static HttpResponseMessage Answer(HttpStatusCode status, string? json = null, string? xml = null)
    {
        var response = new HttpResponseMessage(status);
        if (json is not null)
        {
            response.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }
        else if (xml is not null)
        {
            response.Content = new StringContent(xml, System.Text.Encoding.UTF8, "application/xml");
        }

        return response;
    }
}

internal sealed record CapturedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string Body);
