using Azure;
using Callaro.Core.Attachments;
using Callaro.Functions.Tests.Infrastructure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace Callaro.Functions.Tests.Attachments;

/// <summary>
/// A blob whose name parses but whose call or workspace id Table Storage keys cannot hold must not fail the
/// invocation (the host would retry it forever): it is answered 200, listed as an attachment issue with the
/// reason, and nothing reaches the call tables.
/// </summary>
public sealed class UnkeyableBlobNameTests
{
    public static TheoryData<string, string, string> Names => new()
    {
        { "RecordingBlobTrigger", "acme/" + new string('c', 300) + ".mp3", "call id is 300 characters long; at most 256 are allowed." },
        { "TranscriptBlobTrigger", "acme/call#7.txt", "call id contains '#' at position 4" },
        { "RecordingBlobTrigger", new string('w', 65) + "/call.mp3", "is not valid: a workspace id is 1 to 64 ASCII letters" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public async Task ABlobWhoseIdsCannotBeKeysAnswers200AndIsListedAsAnAttachmentIssueWithNothingWrittenForTheCall(
        string function, string blobName, string reason)
    {
        using var app = AttachmentKit.CreateApp();
        var container = function == "RecordingBlobTrigger" ? app.Names.RecordingsContainer : app.Names.TranscriptsContainer;
        await app.UploadAsync(container, blobName, function == "RecordingBlobTrigger" ? TestAudio.Mp3() : "Agent: hello"u8.ToArray());

        var logs = await app.TriggerAsync(function, container, blobName); // asserts 2xx: the host must not retry

        Assert.Contains(logs, l => l.StartsWith("Ignored", StringComparison.Ordinal) && l.Contains(reason) && l.Contains("attachment issue"));
        var issues = await app.Store().ListIssuesAsync(DateOnly.FromDateTime(DateTime.UtcNow)).ToListAsync();
        var issue = Assert.Single(issues, i => i.BlobName == blobName);
        Assert.Contains(reason, issue.Reason);
        Assert.Equal(function == "RecordingBlobTrigger" ? AttachmentKind.Recording : AttachmentKind.Transcript, issue.Kind);
        foreach (var table in new[] { app.Names.CallsTable, app.Names.CallIdsTable, app.Names.DealCallsTable, app.Names.AttachmentsTable, app.Names.PendingAttachmentsTable })
            Assert.Equal(0, await RowCountAsync(app, table));
    }

    [Fact]
    public async Task TheSameRejectedBlobTriggeredTwiceIsListedOnce()
    {
        using var app = AttachmentKit.CreateApp();
        var blobName = "call#8.mp3";
        await app.UploadRecordingAsync(blobName, TestAudio.Mp3());

        await app.TriggerRecordingAsync(blobName);
        await app.TriggerRecordingAsync(blobName);

        var issues = await app.Store().ListIssuesAsync(DateOnly.FromDateTime(DateTime.UtcNow)).ToListAsync();
        Assert.Single(issues, i => i.BlobName == blobName);
    }

    private static async Task<int> RowCountAsync(CallaroApplication app, string table)
    {
        try
        {
            return await app.Services.GetRequiredService<TableServiceClient>().GetTableClient(table).QueryAsync<TableEntity>().CountAsync();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return 0; // never created: nothing written
        }
    }
}
