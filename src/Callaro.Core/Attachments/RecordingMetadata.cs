using System.Buffers.Binary;
using System.Globalization;

namespace Callaro.Core.Attachments;

/// <summary>What Callaro knows about a recording without decoding its audio.</summary>
/// <param name="ContentType">The media type (from the extension when the blob's own is missing or generic).</param>
/// <param name="DurationSeconds">Length of the audio, when it can be known.</param>
/// <param name="Channels">Number of audio channels, when known.</param>
public sealed record RecordingDetails(string ContentType, double? DurationSeconds, int? Channels);

/// <summary>
/// Works out a recording's content type, duration and channels from what is cheap to read: the
/// extension, the blob's metadata (<c>durationseconds</c>, <c>channels</c>) and, for WAV, the header.
/// </summary>
public static class RecordingMetadata
{
    /// <summary>How many leading bytes are enough to read a WAV header with a few extra chunks (LIST, bext, fact...).</summary>
    public const int HeaderBytes = 64 * 1024;

    /// <summary>The media type for a recording extension, or <c>application/octet-stream</c>.</summary>
    public static string ContentTypeFor(string extension) => extension.ToLowerInvariant() switch
    {
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "m4a" => "audio/mp4",
        "mp4" => "audio/mp4",
        "ogg" => "audio/ogg",
        "webm" => "audio/webm",
        _ => "application/octet-stream",
    };

    /// <summary>
    /// Combines the sources. Blob metadata wins over the header (an uploader that says how long the
    /// call was knows better than a header a streaming recorder may have left at zero).
    /// </summary>
    /// <param name="extension">The blob name's extension.</param>
    /// <param name="blobContentType">The blob's own content type, if any.</param>
    /// <param name="blobMetadata">The blob's user metadata (keys compared case-insensitively).</param>
    /// <param name="leadingBytes">The first bytes of the blob (empty when not read).</param>
    /// <param name="blobLength">The blob's full size, used when a WAV header does not say how long the data is.</param>
    public static RecordingDetails Describe(string extension, string? blobContentType,
        IReadOnlyDictionary<string, string>? blobMetadata, ReadOnlySpan<byte> leadingBytes, long? blobLength)
    {
        var contentType = IsSpecific(blobContentType) ? blobContentType! : ContentTypeFor(extension);
        var duration = MetadataNumber(blobMetadata, "durationseconds");
        var channels = MetadataNumber(blobMetadata, "channels") is { } c && c >= 1 && c <= 255 && c == Math.Floor(c) ? (int)c : (int?)null;

        if (extension.Equals("wav", StringComparison.OrdinalIgnoreCase) && WavHeader.TryRead(leadingBytes, blobLength) is { } wav)
        {
            duration ??= wav.DurationSeconds;
            channels ??= wav.Channels;
        }

        return new RecordingDetails(contentType, duration is { } d && d >= 0 ? Math.Round(d, 3) : null, channels);
    }

    private static bool IsSpecific(string? contentType) =>
        !string.IsNullOrWhiteSpace(contentType)
        && !contentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase)
        && !contentType.StartsWith("binary/", StringComparison.OrdinalIgnoreCase);

    private static double? MetadataNumber(IReadOnlyDictionary<string, string>? metadata, string key)
    {
        if (metadata is null) return null;
        foreach (var (name, value) in metadata)
        {
            if (name.Equals(key, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                && double.IsFinite(number))
                return number;
        }
        return null;
    }
}

/// <summary>The parts of a WAV (RIFF/WAVE) header Callaro uses.</summary>
/// <param name="Channels">Channels from the <c>fmt </c> chunk.</param>
/// <param name="SampleRate">Samples per second.</param>
/// <param name="ByteRate">Bytes per second of audio data.</param>
/// <param name="DurationSeconds">Data length divided by byte rate, when both are known.</param>
public sealed record WavHeader(int Channels, int SampleRate, int ByteRate, double? DurationSeconds)
{
    /// <summary>
    /// Reads the header from the first bytes of a file. Walks the chunks in order, so extra chunks
    /// (LIST, bext, fact, JUNK) before <c>data</c> are skipped. Returns null for anything that is not a
    /// usable RIFF/WAVE header; never throws, also not on truncated input.
    /// </summary>
    /// <param name="bytes">The leading bytes (the whole file is fine too).</param>
    /// <param name="fileLength">The full file length when known; bounds the data length of streamed or truncated files.</param>
    public static WavHeader? TryRead(ReadOnlySpan<byte> bytes, long? fileLength = null)
    {
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("RIFF"u8) || !bytes.Slice(8, 4).SequenceEqual("WAVE"u8))
            return null;

        int? channels = null, sampleRate = null, byteRate = null;
        long offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = bytes.Slice((int)offset, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice((int)offset + 4, 4));
            var body = offset + 8;

            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || body + 16 > bytes.Length) return null;
                var fmt = bytes.Slice((int)body, 16);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
                sampleRate = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]));
                byteRate = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(fmt[8..]));
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (channels is not > 0 || byteRate is null) return null; // data before fmt, or no channels: not a file we can trust
                return new WavHeader(channels.Value, sampleRate!.Value, byteRate.Value,
                    Duration(DataLength(size, body, fileLength), byteRate.Value));
            }

            offset = body + size + (size & 1); // chunks are padded to an even length
        }

        // The data chunk lies beyond the bytes we have (or the file is cut short): channels are still known.
        return channels is { } ch && ch > 0 ? new WavHeader(ch, sampleRate!.Value, byteRate!.Value, null) : null;
    }

    // Streaming recorders write 0 or 0xFFFFFFFF as the data size and never come back to fix it; a
    // truncated upload claims more than it holds. The file length, when known, settles both.
    private static long? DataLength(long declared, long dataOffset, long? fileLength)
    {
        var available = fileLength is { } length ? Math.Max(0, length - dataOffset) : (long?)null;
        if (declared is 0 or 0xFFFFFFFF) return available;
        return available is { } a ? Math.Min(declared, a) : declared;
    }

    private static double? Duration(long? dataLength, int byteRate) =>
        dataLength is { } length && byteRate > 0 ? (double)length / byteRate : null;
}
