using System.Net;
using System.Text;

namespace Callaro.Simulator.Tests;

/// <summary>An in-memory stand-in for the app's HTTP surface: answers each request with the given function.</summary>
internal sealed class StubApp(Func<HttpRequestMessage, string, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<(HttpRequestMessage Request, string Body)> Received { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Received) Received.Add((request, body));
        return answer(request, body);
    }

    public HttpClient Client() => new(this) { BaseAddress = new Uri("http://app.test/") };

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, status < HttpStatusCode.BadRequest ? "application/json" : "application/problem+json") };
}
