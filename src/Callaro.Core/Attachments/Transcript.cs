namespace Callaro.Core.Attachments;

/// <summary>One speaker turn or cue of a transcript.</summary>
/// <param name="Speaker">Who spoke, when the source says.</param>
/// <param name="Start">Start in seconds from the beginning of the call, when known.</param>
/// <param name="End">End in seconds, when known.</param>
/// <param name="Text">What was said (tags removed, whitespace collapsed).</param>
public sealed record TranscriptSegment(string? Speaker, double? Start, double? End, string Text);

/// <summary>A transcript in Callaro's normalised form, whatever format it arrived in.</summary>
/// <param name="Format">The source format: <c>txt</c>, <c>vtt</c> or <c>json</c>.</param>
/// <param name="Language">The language the source declares (e.g. <c>en</c>, <c>de-CH</c>), if any.</param>
/// <param name="Segments">The turns in order.</param>
public sealed record NormalizedTranscript(string Format, string? Language, IReadOnlyList<TranscriptSegment> Segments)
{
    /// <summary>Characters in <see cref="Preview"/> at most (before the ellipsis).</summary>
    public const int PreviewLength = 200;

    /// <summary>Words across all segments (runs of non-whitespace).</summary>
    public int WordCount => Segments.Sum(s => CountWords(s.Text));

    /// <summary>The whole text, one turn per line, <c>Speaker: text</c> where the speaker is known.</summary>
    public string FullText => string.Join("\n", Segments.Select(s => s.Speaker is null ? s.Text : $"{s.Speaker}: {s.Text}"));

    /// <summary>The beginning of <see cref="FullText"/> on one line, cut at a word boundary, for lists and the call detail.</summary>
    public string Preview
    {
        get
        {
            var text = string.Join(" ", Segments.Select(s => s.Speaker is null ? s.Text : $"{s.Speaker}: {s.Text}"));
            if (text.Length <= PreviewLength) return text;
            var cut = text.LastIndexOf(' ', PreviewLength);
            return text[..(cut > PreviewLength / 2 ? cut : PreviewLength)].TrimEnd() + "…";
        }
    }

    private static int CountWords(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var white = char.IsWhiteSpace(c);
            if (!white && !inWord) count++;
            inWord = !white;
        }
        return count;
    }
}

/// <summary>The outcome of reading a transcript: normalised, or unreadable with a reason.</summary>
public sealed record TranscriptParseResult
{
    private TranscriptParseResult() { }

    /// <summary>The transcript, when it could be read.</summary>
    public NormalizedTranscript? Transcript { get; private init; }

    /// <summary>Why it could not be read (for the call detail and the health report), when unreadable.</summary>
    public string? UnreadableReason { get; private init; }

    /// <summary>Whether the transcript was read.</summary>
    public bool IsReadable => Transcript is not null;

    /// <summary>A readable result.</summary>
    public static TranscriptParseResult Readable(NormalizedTranscript transcript) => new() { Transcript = transcript };

    /// <summary>An unreadable result with a reason a person can act on.</summary>
    public static TranscriptParseResult Unreadable(string reason) => new() { UnreadableReason = reason };
}
