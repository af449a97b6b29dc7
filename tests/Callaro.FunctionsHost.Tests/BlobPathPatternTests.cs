using Callaro.FunctionsHost.Blobs;

namespace Callaro.FunctionsHost.Tests;

public sealed class BlobPathPatternTests
{
    [Fact]
    public void APathNamesItsContainerAndBindsItsVariables()
    {
        var pattern = BlobPathPattern.Parse("recordings/{workspace}/{name}.wav");

        Assert.Equal("recordings", pattern.Container);
        Assert.Equal("", pattern.Prefix);
        Assert.Equal(new Dictionary<string, string> { ["workspace"] = "acme", ["name"] = "call-1" }, pattern.Match("acme/call-1.wav"));
        Assert.Null(pattern.Match("acme/call-1.mp3"));
    }

    [Fact]
    public void ALiteralStartNarrowsTheListing()
    {
        var pattern = BlobPathPattern.Parse("inbox/in-{name}");

        Assert.Equal("in-", pattern.Prefix);
        Assert.Equal("a/b.txt", pattern.Match("in-a/b.txt")!["name"]);
        Assert.Null(pattern.Match("out-a"));
    }

    [Fact]
    public void APathWithoutAContainerIsRefused()
    {
        var error = Assert.Throws<FormatException>(() => BlobPathPattern.Parse("{name}"));

        Assert.Contains("must start with a container name", error.Message);
    }
}
