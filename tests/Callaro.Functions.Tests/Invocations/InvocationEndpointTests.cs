using System.Net;
using Callaro.Functions.Tests.Attachments;
using Callaro.Functions.Tests.Infrastructure;

namespace Callaro.Functions.Tests.Invocations;

public sealed class InvocationEndpointTests
{
    private const string Described = "\"Properties\":{\"ContentLength\":3,\"ETag\":\"\\\"0x1\\\"\",\"LastModified\":\"2026-11-21T08:00:00+00:00\"}";

    [Theory]
    [InlineData("RecordingBlobTrigger", "this is not json", "not valid JSON")]
    [InlineData("RecordingBlobTrigger", "[1,2,3]", "must be a JSON object")]
    [InlineData("TranscriptBlobTrigger", "{\"Metadata\":{\"name\":\"c.txt\"}}", "no 'Data' object")]
    [InlineData("TranscriptBlobTrigger", "{\"Data\":{\"blob\":\"aGk=\"}}", "no 'Metadata' object")]
    [InlineData("RecordingBlobTrigger", "{\"Data\":{},\"Metadata\":{" + Described + "}}", "Metadata.name is missing")]
    [InlineData("TranscriptBlobTrigger", "{\"Data\":{\"blob\":\"%%%\"},\"Metadata\":{\"name\":\"c.txt\"," + Described + "}}", "not base64")]
    [InlineData("RecordingBlobTrigger", "{\"Data\":{\"blob\":\"aGk=\"},\"Metadata\":{\"name\":\"c.mp3\",\"Properties\":{\"ContentLength\":-5,\"ETag\":\"x\",\"LastModified\":\"2026-11-21T08:00:00Z\"}}}", "non-negative number of bytes")]
    [InlineData("RecordingBlobTrigger", "{\"Data\":{\"blob\":\"aGk=\"},\"Metadata\":{\"name\":\"c.mp3\",\"Properties\":{\"ContentLength\":3,\"ETag\":\"x\",\"LastModified\":\"yesterday\"}}}", "is not a date")]
    public async Task MalformedHostPayloadIsRefusedWith400AndChangesNothing(string function, string payload, string expected)
    {
        using var app = AttachmentKit.CreateApp();

        using var response = await app.InvokeAsync(function, payload);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Malformed invocation", problem.Title);
        Assert.Contains(function, problem.Detail);
        Assert.Contains(expected, problem.Detail);
        Assert.Equal(Core.Attachments.CallAttachments.None, await app.Store().GetAsync("default", "c"));
    }

    [Fact]
    public async Task StorageFailureFailsTheInvocationWith5xxSoTheHostRetries()
    {
        using var app = new CallaroApplication()
            .WithSetting("Callaro:LocalTriggers:Enabled", "false")
            .WithSetting("Callaro:Storage:ConnectionString", Azurite.ConnectionStringToClosedPort())
            .WithSetting("Callaro:Storage:ProvisionOnStart", "false");
        var payload = "{\"Data\":{\"blob\":\"aGk=\"},\"Metadata\":{\"name\":\"CA1.mp3\",\"BlobTrigger\":\"recordings/CA1.mp3\"," + Described + "}}";

        using var response = await app.InvokeAsync("RecordingBlobTrigger", payload);

        Assert.True((int)response.StatusCode >= 500, $"expected 5xx, got {(int)response.StatusCode}");
        await ProblemAssert.IsProblemAsync(response, response.StatusCode);
    }
}
