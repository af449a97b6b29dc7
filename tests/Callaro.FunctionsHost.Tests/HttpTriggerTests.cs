using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;

namespace Callaro.FunctionsHost.Tests;

[Collection(SampleAppCollection.Name)]
public sealed class HttpTriggerTests(SampleAppFixture app)
{
    [Fact]
    public async Task RouteValuesQueryAndHeadersReachTheFunction()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "sample/items/42/reports/2026?tag=red");
        request.Headers.Add("X-Sample", "from the test");

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var item = await response.Content.ReadFromJsonAsync<Item>();
        Assert.Equal(new Item(42, "reports/2026", "red", "from the test", app.Host.BaseAddress.Authority), item);
    }

    [Theory]
    [InlineData("GET", "sample/items/forty-two")]
    [InlineData("GET", "sample/nowhere")]
    [InlineData("GET", "api/items/42")]
    [InlineData("DELETE", "sample/items/42")]
    public async Task RequestsNoFunctionTakesAreNotFound(string method, string path)
    {
        using var response = await app.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task FiveMegabytesStreamThroughBothWays()
    {
        var body = RandomNumberGenerator.GetBytes(5 * 1024 * 1024);

        using var response = await app.Client.PostAsync("sample/echo", new ByteArrayContent(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SHA256.HashData(body), SHA256.HashData(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task AFunctionThatThrowsAnswers500AndItsErrorIsLogged()
    {
        using var response = await app.Client.GetAsync("sample/fail");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var invocation = await app.Host.WaitForInvocationAsync("Fail", cancellationToken: SampleApp.Deadline());
        Assert.False(invocation.Succeeded);
        Assert.Contains("The sample function failed on purpose.", invocation.Error);
    }

    [Fact]
    public async Task AClientThatHangsUpCancelsTheInvocation()
    {
        using var hangUp = new CancellationTokenSource();
        var request = app.Client.GetAsync("sample/slow", hangUp.Token);
        await app.Host.WaitForLogAsync(app.Logs, "Slow", "Slow started");

        await hangUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        var invocation = await app.Host.WaitForInvocationAsync("Slow", cancellationToken: SampleApp.Deadline(30));
        Assert.False(invocation.Succeeded);
    }

    [Fact]
    public async Task LogsCarryTheFunctionNameAndFollowHostJsonLevels()
    {
        using var response = await app.Client.GetAsync("sample/noisy");
        var invocation = await app.Host.WaitForInvocationAsync("SampleNoisy", cancellationToken: SampleApp.Deadline());

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var lines = app.Logs.Where(l => l.InvocationId == invocation.InvocationId).ToList();
        Assert.Contains(lines, l => l.FunctionName == "SampleNoisy" && l.Message == "This warning passes the filter.");
        Assert.DoesNotContain(lines, l => l.Message.Contains("below the level", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Message.StartsWith("Executing 'Functions.SampleNoisy' (Reason=", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Message.StartsWith($"Executed 'Functions.SampleNoisy' (Succeeded, Id={invocation.InvocationId}, Duration=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FrameworkLinesInsideAFunctionAreTheFunctionsOwnLogsAsOnAzure()
    {
        using var response = await app.Client.GetAsync("sample/Hello");
        var invocation = await app.Host.WaitForInvocationAsync("Hello", i => i.Logs.Count > 0, SampleApp.Deadline());

        // host.json turns Microsoft down to Warning, yet the worker's ASP.NET Core line is the function's user log,
        // filtered by Function.Hello.User: the Functions host files every user log of an invocation there.
        Assert.Equal("hello", await response.Content.ReadAsStringAsync());
        var line = Assert.Single(app.Logs, l => l.InvocationId == invocation.InvocationId && l.Message.StartsWith("Write content", StringComparison.Ordinal));
        Assert.Equal("Function.Hello.User", line.Category);
        Assert.Equal("Hello", line.FunctionName);
        Assert.Equal("Write content with HTTP Response ContentType of text/plain; charset=utf-8", Assert.Single(invocation.Logs));
    }

    private sealed record Item(int Id, string Rest, string Tag, string Header, string Host);
}
