using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Callaro.Core.Attachments;

/// <summary>
/// Reads transcripts in the formats Callaro accepts — plain text, WebVTT and JSON with segments — into
/// <see cref="NormalizedTranscript"/>. Bad input gives an unreadable result with a reason; it never throws,
/// because an exception would make the Functions host retry a blob that will never get better.
/// </summary>
public static partial class TranscriptParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses a transcript by its extension (<c>txt</c>, <c>vtt</c> or <c>json</c>).</summary>
    /// <param name="content">The blob's bytes.</param>
    /// <param name="extension">The blob name's extension, without the dot.</param>
    public static TranscriptParseResult Parse(ReadOnlySpan<byte> content, string extension)
    {
        var format = extension.ToLowerInvariant();
        if (format is not ("txt" or "vtt" or "json"))
            return TranscriptParseResult.Unreadable(TranscriptProblem.UnsupportedFormat, $"'.{extension}' is not a transcript format Callaro reads; use .txt, .vtt or .json.");

        if (Decode(content) is not { } text)
            return TranscriptParseResult.Unreadable(TranscriptProblem.NotUtf8,
                $"The file is not valid UTF-8 text (first bad byte at offset {FirstInvalidUtf8Offset(content)}); save it as UTF-8 and upload it again.");

        try
        {
            return format switch
            {
                "txt" => TranscriptParseResult.Readable(ParsePlainText(text)),
                "vtt" => ParseWebVtt(text),
                _ => ParseJson(text),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or InvalidOperationException)
        {
            // A malformed file that slipped past the checks below must still end as "unreadable", never as a retry loop.
            return TranscriptParseResult.Unreadable(TranscriptProblem.Malformed, $"The {format} transcript could not be read: {e.Message}");
        }
    }

    private static string? Decode(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) content = content[3..];
        try
        {
            return StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static int FirstInvalidUtf8Offset(ReadOnlySpan<byte> content)
    {
        var status = System.Text.Unicode.Utf8.ToUtf16(content, new char[content.Length], out var read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? content.Length : read;
    }

    // ---------- plain text ----------

    // "Agent: Hello" at the start of a line names the speaker; the label is kept short so that an
    // ordinary sentence with a colon ("Note: call back tomorrow" aside) is rarely mistaken for one.
    [GeneratedRegex(@"^(?<speaker>[\p{L}][\p{L}\p{N} ._'-]{0,31}):\s+(?<text>\S.*)$")]
    private static partial Regex SpeakerLine();

    private static NormalizedTranscript ParsePlainText(string text)
    {
        var segments = new List<TranscriptSegment>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var match = SpeakerLine().Match(line);
            segments.Add(match.Success
                ? new TranscriptSegment(match.Groups["speaker"].Value.Trim(), null, null, Collapse(match.Groups["text"].Value))
                : new TranscriptSegment(null, null, null, Collapse(line)));
        }
        return new NormalizedTranscript("txt", null, segments);
    }

    // ---------- WebVTT ----------

    [GeneratedRegex(@"^(?<start>(?:\d+:)?\d{2}:\d{2}[.,]\d{3})\s+-->\s+(?<end>(?:\d+:)?\d{2}:\d{2}[.,]\d{3})(?:\s.*)?$")]
    private static partial Regex CueTiming();

    [GeneratedRegex(@"<v(?:\.[^\s>]+)*\s+(?<speaker>[^>]+)>")]
    private static partial Regex VoiceTag();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex AnyTag();

    [GeneratedRegex(@"^Language:\s*(?<lang>\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex VttLanguageHeader();

    private static TranscriptParseResult ParseWebVtt(string text)
    {
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        if (!lines[0].StartsWith("WEBVTT", StringComparison.Ordinal) || (lines[0].Length > 6 && lines[0][6] is not (' ' or '\t')))
            return TranscriptParseResult.Unreadable(TranscriptProblem.NotWebVtt, "Not a WebVTT file: the first line must be 'WEBVTT'.");

        string? language = null;
        var segments = new List<TranscriptSegment>();
        var i = 1;
        // Header lines up to the first blank line may carry metadata such as "Language: en".
        for (; i < lines.Length && lines[i].Trim().Length > 0; i++)
            if (VttLanguageHeader().Match(lines[i]) is { Success: true } m) language = m.Groups["lang"].Value;

        while (i < lines.Length)
        {
            while (i < lines.Length && lines[i].Trim().Length == 0) i++;
            var block = new List<string>();
            while (i < lines.Length && lines[i].Trim().Length > 0) block.Add(lines[i++]);
            if (block.Count == 0) break;
            if (block[0].StartsWith("NOTE", StringComparison.Ordinal) || block[0] is "STYLE" or "REGION") continue;

            // A cue is an optional identifier line, a timing line, then the payload.
            var timingIndex = CueTiming().IsMatch(block[0].Trim()) ? 0 : block.Count > 1 && CueTiming().IsMatch(block[1].Trim()) ? 1 : -1;
            if (timingIndex < 0)
                return TranscriptParseResult.Unreadable(TranscriptProblem.NotWebVtt, $"WebVTT cue '{Shorten(block[0])}' has no valid timing line ('00:00:01.000 --> 00:00:04.000').");

            var timing = CueTiming().Match(block[timingIndex].Trim());
            var payload = string.Join(" ", block.Skip(timingIndex + 1));
            if (payload.Trim().Length == 0) continue;
            segments.AddRange(CueSegments(payload, VttSeconds(timing.Groups["start"].Value), VttSeconds(timing.Groups["end"].Value)));
        }

        return TranscriptParseResult.Readable(new NormalizedTranscript("vtt", language, segments));
    }

    // One cue may hold several voices ("<v Anna>Hi</v> <v Ben>Hello</v>"): each becomes its own turn.
    private static IEnumerable<TranscriptSegment> CueSegments(string payload, double start, double end)
    {
        var voices = VoiceTag().Matches(payload);
        if (voices.Count == 0)
        {
            if (CleanCueText(payload) is { Length: > 0 } plain) yield return new TranscriptSegment(null, start, end, plain);
            yield break;
        }

        if (CleanCueText(payload[..voices[0].Index]) is { Length: > 0 } before)
            yield return new TranscriptSegment(null, start, end, before);
        for (var v = 0; v < voices.Count; v++)
        {
            var from = voices[v].Index + voices[v].Length;
            var to = v + 1 < voices.Count ? voices[v + 1].Index : payload.Length;
            if (CleanCueText(payload[from..to]) is { Length: > 0 } said)
                yield return new TranscriptSegment(WebUtility.HtmlDecode(voices[v].Groups["speaker"].Value.Trim()), start, end, said);
        }
    }

    private static string CleanCueText(string text) => Collapse(WebUtility.HtmlDecode(AnyTag().Replace(text, "")));

    private static double VttSeconds(string stamp)
    {
        var parts = stamp.Replace(',', '.').Split(':');
        var seconds = double.Parse(parts[^1], NumberStyles.Float, CultureInfo.InvariantCulture);
        var minutes = int.Parse(parts[^2], CultureInfo.InvariantCulture);
        var hours = parts.Length == 3 ? long.Parse(parts[0], CultureInfo.InvariantCulture) : 0;
        return hours * 3600 + minutes * 60 + seconds;
    }

    // ---------- JSON ----------

    private static TranscriptParseResult ParseJson(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            return TranscriptParseResult.Unreadable(TranscriptProblem.NotValidJson, $"The JSON transcript is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return TranscriptParseResult.Unreadable(TranscriptProblem.JsonLayout, $"The JSON transcript must be an object with 'segments' or 'text', not {Describe(root.ValueKind)}.");

            if (OptionalString(root, "language", "language", out var language) is { } languageProblem)
                return TranscriptParseResult.Unreadable(TranscriptProblem.JsonLayout, languageProblem);

            if (Property(root, "segments") is { } segments)
                return ParseJsonSegments(segments, language);

            if (Property(root, "text") is { } whole)
            {
                if (whole.ValueKind != JsonValueKind.String)
                    return TranscriptParseResult.Unreadable(TranscriptProblem.JsonLayout, $"'text' must be a string, not {Describe(whole.ValueKind)}.");
                var collapsed = Collapse(whole.GetString()!);
                return TranscriptParseResult.Readable(new NormalizedTranscript("json", language,
                    collapsed.Length == 0 ? [] : [new TranscriptSegment(null, null, null, collapsed)]));
            }

            return TranscriptParseResult.Unreadable(TranscriptProblem.JsonLayout, "The JSON transcript has neither 'segments' (an array of {speaker, start, end, text}) nor 'text'.");
        }
    }

    private static TranscriptParseResult ParseJsonSegments(JsonElement segments, string? language)
    {
        if (segments.ValueKind != JsonValueKind.Array)
            return TranscriptParseResult.Unreadable(TranscriptProblem.JsonLayout, $"'segments' must be an array, not {Describe(segments.ValueKind)}.");

        var result = new List<TranscriptSegment>();
        var index = 0;
        foreach (var segment in segments.EnumerateArray())
        {
            var path = $"segments[{index++}]";
            if (segment.ValueKind != JsonValueKind.Object)
                return TranscriptParseResult.Unreadable(TranscriptProblem.JsonLayout, $"'{path}' must be an object with 'text', not {Describe(segment.ValueKind)}.");

            if (Property(segment, "text") is not { ValueKind: JsonValueKind.String } textElement)
                return TranscriptParseResult.Unreadable(TranscriptProblem.JsonLayout, $"'{path}.text' is missing or not a string.");
            if (OptionalString(segment, "speaker", $"{path}.speaker", out var speaker) is { } speakerProblem)
                return TranscriptParseResult.Unreadable(TranscriptProblem.JsonLayout, speakerProblem);
            if (OptionalSeconds(segment, "start", $"{path}.start", out var start) is { } startProblem)
                return TranscriptParseResult.Unreadable(TranscriptProblem.JsonLayout, startProblem);
            if (OptionalSeconds(segment, "end", $"{path}.end", out var end) is { } endProblem)
                return TranscriptParseResult.Unreadable(TranscriptProblem.JsonLayout, endProblem);

            var said = Collapse(textElement.GetString()!);
            if (said.Length > 0) result.Add(new TranscriptSegment(string.IsNullOrWhiteSpace(speaker) ? null : speaker.Trim(), start, end, said));
        }

        return TranscriptParseResult.Readable(new NormalizedTranscript("json", language, result));
    }

    // Transcription services differ in casing ("Speaker", "start_time" aside), so names match case-insensitively.
    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind != JsonValueKind.Null)
                return property.Value;
        return null;
    }

    private static string? OptionalString(JsonElement element, string name, string path, out string? value)
    {
        value = null;
        if (Property(element, name) is not { } found) return null;
        switch (found.ValueKind)
        {
            case JsonValueKind.String: value = found.GetString(); return null;
            case JsonValueKind.Number: value = found.GetRawText(); return null; // "speaker": 1 from diarisation
            default: return $"'{path}' must be a string, not {Describe(found.ValueKind)}.";
        }
    }

    private static string? OptionalSeconds(JsonElement element, string name, string path, out double? value)
    {
        value = null;
        if (Property(element, name) is not { } found) return null;
        if (found.ValueKind == JsonValueKind.Number && found.TryGetDouble(out var number) && double.IsFinite(number) && number >= 0)
        {
            value = number;
            return null;
        }
        if (found.ValueKind == JsonValueKind.String
            && double.TryParse(found.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) && parsed >= 0)
        {
            value = parsed;
            return null;
        }
        return $"'{path}' must be a non-negative number of seconds.";
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    // ---------- shared ----------

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
