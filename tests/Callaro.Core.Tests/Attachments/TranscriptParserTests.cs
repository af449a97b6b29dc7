using System.Text;
using Callaro.Core.Attachments;

namespace Callaro.Core.Tests.Attachments;

public class TranscriptParserTests
{
    private static NormalizedTranscript Readable(string content, string extension)
    {
        var result = TranscriptParser.Parse(Encoding.UTF8.GetBytes(content), extension);
        Assert.True(result.IsReadable, result.UnreadableReason);
        return result.Transcript!;
    }

    private static string Unreadable(byte[] content, string extension)
    {
        var result = TranscriptParser.Parse(content, extension);
        Assert.False(result.IsReadable);
        Assert.Null(result.Transcript);
        return result.UnreadableReason!;
    }

    [Fact]
    public void PlainTextBecomesOneSegmentPerLineWithSpeakersWhereLabelled()
    {
        var transcript = Readable("Agent: Hello, Callaro support.\r\n\r\nCustomer:   I need   help\nthanks\n", "txt");
        Assert.Equal(
            [new("Agent", null, null, "Hello, Callaro support."), new("Customer", null, null, "I need help"), new(null, null, null, "thanks")],
            transcript.Segments);
        Assert.Equal(7, transcript.WordCount);
        Assert.Equal("txt", transcript.Format);
    }

    [Fact]
    public void WebVttVoiceTagsBecomeSpeakersWithCueTimings()
    {
        const string vtt = """
            WEBVTT
            Language: de

            NOTE produced by the recorder

            1
            00:00:01.000 --> 00:00:04.500 align:start
            <v Anna Schmidt>Guten Tag, <b>Callaro</b>.</v>

            00:04.500 --> 00:06.000
            <v.loud Ben>Hallo &amp; danke</v>
            <v Anna Schmidt>Gern</v>

            01:00:00.000 --> 01:00:01.000
            no voice here
            """;
        var transcript = Readable(vtt, "vtt");
        Assert.Equal("de", transcript.Language);
        Assert.Equal(
            [
                new("Anna Schmidt", 1.0, 4.5, "Guten Tag, Callaro."),
                new("Ben", 4.5, 6.0, "Hallo & danke"),
                new("Anna Schmidt", 4.5, 6.0, "Gern"),
                new(null, 3600.0, 3601.0, "no voice here"),
            ],
            transcript.Segments);
    }

    [Fact]
    public void FileWithoutWebVttSignatureIsUnreadable() =>
        Assert.Contains("first line must be 'WEBVTT'", Unreadable("00:00:01.000 --> 00:00:02.000\nhi"u8.ToArray(), "vtt"));

    [Fact]
    public void VttCueWithBrokenTimingIsUnreadable() =>
        Assert.Contains("no valid timing line", Unreadable("WEBVTT\n\n00:01 --> soon\nhi\n"u8.ToArray(), "vtt"));

    [Fact]
    public void JsonWithSpeakerSegmentsKeepsEverything()
    {
        var transcript = Readable("""
            {"language":"en-GB","segments":[
              {"speaker":"agent","start":0,"end":2.5,"text":"Hello there"},
              {"speaker":"caller","start":"2.5","end":4,"text":" Hi "},
              {"speaker":"caller","start":4,"end":5,"text":""}
            ]}
            """, "json");
        Assert.Equal("en-GB", transcript.Language);
        Assert.Equal([new("agent", 0, 2.5, "Hello there"), new("caller", 2.5, 4, "Hi")], transcript.Segments);
        Assert.Equal(3, transcript.WordCount);
    }

    [Fact]
    public void JsonWithTextAndSegmentsWithoutSpeakersUsesTheSegments()
    {
        var transcript = Readable("""{"text":"one two three","segments":[{"start":0,"end":1,"text":"one two"},{"start":1,"end":2,"text":"three"}]}""", "json");
        Assert.Equal([new(null, 0, 1, "one two"), new(null, 1, 2, "three")], transcript.Segments);
        Assert.Null(transcript.Language);
    }

    [Fact]
    public void JsonWithOnlyTextBecomesOneSegment() =>
        Assert.Equal([new(null, null, null, "just words")], Readable("""{"text":"just  words"}""", "json").Segments);

    [Theory]
    [InlineData("{\"segments\": [", "not valid JSON")]
    [InlineData("[1,2]", "must be an object")]
    [InlineData("{\"language\":\"en\"}", "neither 'segments'")]
    [InlineData("{\"segments\":{}}", "'segments' must be an array")]
    [InlineData("{\"segments\":[\"hi\"]}", "'segments[0]' must be an object")]
    [InlineData("{\"segments\":[{\"text\":\"a\"},{\"speaker\":\"x\"}]}", "'segments[1].text' is missing")]
    [InlineData("{\"segments\":[{\"text\":\"a\",\"start\":-1}]}", "'segments[0].start' must be a non-negative number")]
    [InlineData("{\"segments\":[{\"text\":\"a\",\"speaker\":{}}]}", "'segments[0].speaker' must be a string")]
    [InlineData("{\"text\":5}", "'text' must be a string")]
    public void MalformedJsonIsUnreadableWithTheReason(string json, string expected) =>
        Assert.Contains(expected, Unreadable(Encoding.UTF8.GetBytes(json), "json"));

    [Fact]
    public void InvalidUtf8IsUnreadableAndSaysWhere()
    {
        var reason = Unreadable([.. "Agent: caf"u8, 0xE9, .. " ok"u8], "txt");
        Assert.Contains("not valid UTF-8", reason);
        Assert.Contains("offset 10", reason);
    }

    [Fact]
    public void ByteOrderMarkIsIgnored() =>
        Assert.Equal("hi", TranscriptParser.Parse([0xEF, 0xBB, 0xBF, .. "{\"text\":\"hi\"}"u8], "json").Transcript!.Segments[0].Text);

    [Theory]
    [InlineData("{\"segments\": [", "json", "The transcript file is not valid JSON.")]
    [InlineData("{\"segments\":{}}", "json", "The transcript file is JSON, but not laid out as a transcript (segments or text).")]
    [InlineData("hello", "vtt", "The transcript file is not a valid WebVTT (.vtt) file.")]
    [InlineData("hello", "docx", "The transcript file is in a format Callaro does not read (use .txt, .vtt or .json).")]
    public void ManagersReadAPlainSentenceForEachKindOfProblem(string content, string extension, string sentence) =>
        Assert.Equal(sentence, TranscriptProblems.Sentence(TranscriptParser.Parse(Encoding.UTF8.GetBytes(content), extension).Problem));

    [Fact]
    public void UnknownExtensionIsUnreadable() =>
        Assert.Contains("not a transcript format", Unreadable("x"u8.ToArray(), "docx"));

    [Fact]
    public void PreviewIsShortAndCutAtAWord()
    {
        var transcript = Readable("Agent: " + string.Join(" ", Enumerable.Repeat("word", 100)), "txt");
        Assert.True(transcript.Preview.Length <= NormalizedTranscript.PreviewLength + 1);
        Assert.StartsWith("Agent: word word", transcript.Preview);
        Assert.EndsWith("word…", transcript.Preview);
        Assert.Equal(100, transcript.WordCount); // the speaker label is not a word said
    }

    [Fact]
    public void FullTextHasOneTurnPerLine() =>
        Assert.Equal("A: hi\nB: hello", Readable("A: hi\nB: hello", "txt").FullText);
}
