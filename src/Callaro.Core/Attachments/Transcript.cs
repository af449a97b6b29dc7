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

    /// <summary>Why it could not be read (the parser's detail, for the API and the health report), when unreadable.</summary>
    public string? UnreadableReason { get; private init; }

    /// <summary>What kind of problem made it unreadable (for the sentence managers read), when unreadable.</summary>
    public TranscriptProblem? Problem { get; private init; }

    /// <summary>Whether the transcript was read.</summary>
    public bool IsReadable => Transcript is not null;

    /// <summary>A readable result.</summary>
    public static TranscriptParseResult Readable(NormalizedTranscript transcript) => new() { Transcript = transcript };

    /// <summary>An unreadable result: the kind of problem, and a reason a person can act on.</summary>
    public static TranscriptParseResult Unreadable(TranscriptProblem problem, string reason) => new() { Problem = problem, UnreadableReason = reason };
}

/// <summary>Why a transcript file could not be read, in the terms a manager uses.</summary>
public enum TranscriptProblem
{
    /// <summary>Something else about the file was malformed.</summary>
    Malformed,
    /// <summary>Not a <c>.txt</c>, <c>.vtt</c> or <c>.json</c> file.</summary>
    UnsupportedFormat,
    /// <summary>Not UTF-8 text.</summary>
    NotUtf8,
    /// <summary>A <c>.json</c> file that does not parse.</summary>
    NotValidJson,
    /// <summary>Valid JSON, but not laid out as a transcript.</summary>
    JsonLayout,
    /// <summary>A <c>.vtt</c> file that is not WebVTT.</summary>
    NotWebVtt,
    /// <summary>Over the size Callaro reads.</summary>
    TooLarge,
}

/// <summary>The sentences the call page shows for a <see cref="TranscriptProblem"/>; the parser's detail stays in the API.</summary>
public static class TranscriptProblems
{
    /// <summary>A plain sentence for the problem; null (a transcript stored before problems were kept) reads as "could not be read".</summary>
    public static string Sentence(TranscriptProblem? problem) => problem switch
    {
        TranscriptProblem.NotValidJson => "The transcript file is not valid JSON.",
        TranscriptProblem.JsonLayout => "The transcript file is JSON, but not laid out as a transcript (segments or text).",
        TranscriptProblem.NotWebVtt => "The transcript file is not a valid WebVTT (.vtt) file.",
        TranscriptProblem.NotUtf8 => "The transcript file is not plain text (UTF-8).",
        TranscriptProblem.UnsupportedFormat => "The transcript file is in a format Callaro does not read (use .txt, .vtt or .json).",
        TranscriptProblem.TooLarge => "The transcript file is too large to read.",
        _ => "The transcript file could not be read.",
    };

    /// <summary>The word stored for a problem.</summary>
    public static string Word(TranscriptProblem problem) => problem.ToString();

    /// <summary>The problem a stored word names, or null for none or an unknown word.</summary>
    public static TranscriptProblem? Parse(string? word) => Enum.TryParse<TranscriptProblem>(word, ignoreCase: false, out var p) && Enum.IsDefined(p) ? p : null;
}
