using System.Net;
using System.Text.Json;

namespace Callaro.Functions.Tests.Infrastructure;

/// <summary>Asserts the problem+json convention every error answer follows.</summary>
public static class ProblemAssert
{
    /// <returns>The problem body, for further assertions.</returns>
    public static async Task<Problem> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement.Clone();
        Assert.Equal((int)status, root.GetProperty("status").GetInt32());
        var problem = new Problem(
            root.GetProperty("title").GetString() ?? "",
            root.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "",
            root,
            body);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail), $"The problem has no actionable detail: {body}");
        Assert.DoesNotContain("   at ", body); // no stack trace
        return problem;
    }

    public sealed record Problem(string Title, string Detail, JsonElement Body, string Raw)
    {
        public string? Extension(string name) => Body.TryGetProperty(name, out var value) ? value.ToString() : null;
    }
}
