using Callaro.Core.Attachments;
using Callaro.Core.Ingestion;

namespace Callaro.Core.Tests.Attachments;

public class AttachmentBlobNameTests
{
    [Fact]
    public void NameWithoutFolderBelongsToTheDefaultWorkspace()
    {
        Assert.True(AttachmentBlobName.TryParse("CA123.mp3", AttachmentKind.Recording, out var name, out _));
        Assert.Equal(new AttachmentBlobName("default", "CA123", "mp3", AttachmentKind.Recording), name);
    }

    [Fact]
    public void FolderNamesTheWorkspace()
    {
        Assert.True(AttachmentBlobName.TryParse("acme/call-7.VTT", AttachmentKind.Transcript, out var name, out _));
        Assert.Equal(new AttachmentBlobName("acme", "call-7", "vtt", AttachmentKind.Transcript), name);
    }

    [Fact]
    public void CallIdMayContainDotsAndTheExtensionIsAfterTheLastOne()
    {
        Assert.True(AttachmentBlobName.TryParse("v1.call.42.wav", AttachmentKind.Recording, out var name, out _));
        Assert.Equal("v1.call.42", name.CallId);
        Assert.Equal("wav", name.Extension);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a/b/c.mp3", "more than one folder")]
    [InlineData("noextension", "needs a call id and an extension")]
    [InlineData(".mp3", "needs a call id and an extension")]
    [InlineData("call.", "needs a call id and an extension")]
    [InlineData("call.txt", "not a recording format")]
    [InlineData("/call.mp3", "workspace id is required")]
    [InlineData("call#1.mp3", "'#'")]
    [InlineData("call?1.mp3", "'?'")]
    [InlineData("ws/ call.mp3", "whitespace")]
    public void MalformedRecordingNamesAreRejectedWithAReason(string blobName, string expected)
    {
        Assert.False(AttachmentBlobName.TryParse(blobName, AttachmentKind.Recording, out var name, out var reason));
        Assert.Null(name);
        Assert.Contains(expected, reason);
    }

    [Fact]
    public void AudioInTheTranscriptsContainerIsRejected()
    {
        Assert.False(AttachmentBlobName.TryParse("call.mp3", AttachmentKind.Transcript, out _, out var reason));
        Assert.Contains(".txt, .vtt, .json", reason);
    }

    [Fact]
    public void OverlongCallIdIsRejected()
    {
        Assert.False(AttachmentBlobName.TryParse(new string('a', 257) + ".mp3", AttachmentKind.Recording, out _, out var reason));
        Assert.Contains("at most 256", reason);
    }

    [Fact]
    public void ACallIdOf300CharactersIsRejectedWithTheIngestionRuleNotLeftForIngestionToRefuse()
    {
        var callId = new string('c', 300);

        Assert.False(AttachmentBlobName.TryParse($"acme/{callId}.mp3", AttachmentKind.Recording, out var name, out var reason));

        Assert.Null(name);
        Assert.Contains("call id is 300 characters long; at most 256 are allowed.", reason);
        Assert.Equal(CallEventValidator.IdProblem(callId, "call id"), reason[(reason.IndexOf("call id", StringComparison.Ordinal))..]);
    }

    [Fact]
    public void ACallIdWithAHashIsRejectedNamingTheCharacterAndWhere()
    {
        Assert.False(AttachmentBlobName.TryParse("call#7.txt", AttachmentKind.Transcript, out var name, out var reason));

        Assert.Null(name);
        Assert.Contains("call id contains '#' at position 4", reason);
        Assert.Contains("ids may not contain '/', '\\', '#', '?' or control characters", reason);
    }

    [Fact]
    public void AWorkspaceIdThatBreaksTheWorkspaceRuleIsRejected()
    {
        Assert.True(AttachmentBlobName.TryParse(new string('w', 64) + "/call.mp3", AttachmentKind.Recording, out _, out _));
        Assert.False(AttachmentBlobName.TryParse(new string('w', 65) + "/call.mp3", AttachmentKind.Recording, out _, out var reason));
        Assert.Contains("is not valid: a workspace id is 1 to 64 ASCII letters", reason);
    }

    [Fact]
    public void EveryNameItAcceptsPassesTheCallEventValidator()
    {
        Assert.True(AttachmentBlobName.TryParse("acme/" + new string('c', 256) + ".mp3", AttachmentKind.Recording, out var name, out _));

        Assert.Null(CallEventValidator.IdProblem(name.CallId, "call id"));
        Assert.Null(CallEventValidator.IdProblem(name.WorkspaceId, "workspace id"));
    }

    [Theory]
    [InlineData("mp3")]
    [InlineData("wav")]
    [InlineData("m4a")]
    [InlineData("mp4")]
    [InlineData("ogg")]
    [InlineData("webm")]
    public void EveryRecordingFormatIsAccepted(string extension) =>
        Assert.True(AttachmentBlobName.TryParse("c." + extension, AttachmentKind.Recording, out _, out _));
}
