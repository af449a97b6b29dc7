using System.Net;
using System.Net.Http.Json;

namespace Callaro.FunctionsHost.Tests;

[Collection(SampleAppCollection.Name)]
public sealed class AdminApiTests(SampleAppFixture app)
{
    [Fact]
    public async Task ATimerFunctionRunsOnRequestAndTheAnswerIs202()
    {
        using var response = await app.Client.PostAsJsonAsync("admin/functions/Tick", new { input = "" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var invocation = await app.Host.WaitForInvocationAsync(
            "Tick", i => i.Reason == "This function was programmatically called via the host APIs.", SampleApp.Deadline());
        Assert.True(invocation.Succeeded);
        Assert.StartsWith("Tick past due: False", Assert.Single(invocation.Logs));
    }

    [Fact]
    public async Task ABlobFunctionRunsForTheNamedBlob()
    {
        var texts = SampleApp.Blobs.GetBlobContainerClient(app.Names.TextContainer);
        await texts.UploadBlobAsync("admin-run.txt", BinaryData.FromString("run by hand"));

        using var response = await app.Client.PostAsJsonAsync("admin/functions/TextArrived", new { input = $"{app.Names.TextContainer}/admin-run.txt" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await app.Host.WaitForInvocationAsync(
            "TextArrived",
            i => i.Reason == "This function was programmatically called via the host APIs." && i.Logs.Contains("Text admin-run says: run by hand"),
            SampleApp.Deadline());
    }

    [Fact]
    public async Task AnHttpFunctionIsAcceptedAndItsRunFailsBindingLikeTheHost()
    {
        using var response = await app.Client.PostAsJsonAsync("admin/functions/Hello", new { input = "" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var invocation = await app.Host.WaitForInvocationAsync(
            "Hello", i => !i.Succeeded && i.Reason == "This function was programmatically called via the host APIs.", SampleApp.Deadline());
        Assert.False(invocation.Succeeded);
        Assert.Equal("Exception binding parameter 'request': An HttpRequest is required", invocation.Error);
        Assert.Empty(invocation.Logs);
        Assert.Contains(app.Logs, l => l.InvocationId == invocation.InvocationId
            && l.Message.StartsWith($"Executed 'Functions.Hello' (Failed, Id={invocation.InvocationId}, Duration=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnknownFunctionIs404()
    {
        using var response = await app.Client.PostAsJsonAsync("admin/functions/NoSuchFunction", new { input = "" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
