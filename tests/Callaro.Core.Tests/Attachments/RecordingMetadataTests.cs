using System.Buffers.Binary;
using Callaro.Core.Attachments;

namespace Callaro.Core.Tests.Attachments;

public class RecordingMetadataTests
{
    /// <summary>Builds a PCM WAV file: 8 kHz, 16-bit, with optional extra chunks before <c>data</c>.</summary>
    internal static byte[] Wav(int channels, double seconds, int sampleRate = 8000, bool listChunk = false, uint? declaredDataSize = null)
    {
        var blockAlign = channels * 2;
        var byteRate = sampleRate * blockAlign;
        var dataLength = (int)(seconds * byteRate);
        using var stream = new MemoryStream();
        void Chunk(string id, byte[] body)
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(id));
            stream.Write(BitConverter.GetBytes((uint)body.Length));
            stream.Write(body);
            if (body.Length % 2 == 1) stream.WriteByte(0);
        }

        stream.Write("RIFF"u8);
        stream.Write(new byte[4]);
        stream.Write("WAVE"u8);
        if (listChunk) Chunk("LIST", System.Text.Encoding.ASCII.GetBytes("INFOISFT\u0005\0\0\0Lavf\0")); // odd length: exercises padding
        var fmt = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), (uint)byteRate);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), 16);
        Chunk("fmt ", fmt);
        stream.Write("data"u8);
        stream.Write(BitConverter.GetBytes(declaredDataSize ?? (uint)dataLength));
        stream.Write(new byte[dataLength]);
        var bytes = stream.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes;
    }

    [Fact]
    public void WavHeaderGivesDurationAndChannels()
    {
        var wav = Wav(channels: 2, seconds: 3.5);
        var details = RecordingMetadata.Describe("wav", null, null, wav, wav.Length);
        Assert.Equal(new RecordingDetails("audio/wav", 3.5, 2), details);
    }

    [Fact]
    public void ExtraChunksBeforeDataAreSkipped()
    {
        var header = WavHeader.TryRead(Wav(channels: 1, seconds: 2, listChunk: true));
        Assert.Equal(1, header?.Channels);
        Assert.Equal(2.0, header?.DurationSeconds);
    }

    [Fact]
    public void OnlyTheFirstBytesAreNeededWhenTheFullLengthIsKnown()
    {
        var wav = Wav(channels: 2, seconds: 10);
        var header = WavHeader.TryRead(wav.AsSpan(0, 64), wav.Length);
        Assert.Equal(10.0, header?.DurationSeconds);
    }

    [Fact]
    public void TruncatedFileIsMeasuredByWhatItHolds()
    {
        var wav = Wav(channels: 1, seconds: 4);
        var cut = wav[..(44 + 16000)]; // one of four seconds arrived
        Assert.Equal(1.0, WavHeader.TryRead(cut, cut.Length)?.DurationSeconds);
    }

    [Fact]
    public void StreamingHeaderWithUnknownDataSizeUsesTheFileLength()
    {
        var wav = Wav(channels: 1, seconds: 3, declaredDataSize: 0xFFFFFFFF);
        Assert.Equal(3.0, WavHeader.TryRead(wav, wav.Length)?.DurationSeconds);
    }

    [Fact]
    public void HeaderCutBeforeDataStillGivesChannels()
    {
        var header = WavHeader.TryRead(Wav(channels: 2, seconds: 1).AsSpan(0, 40));
        Assert.Equal(2, header?.Channels);
        Assert.Null(header?.DurationSeconds);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F' })]
    [InlineData(new byte[] { 0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })] // an MP3 with ID3
    public void NonWavBytesGiveNoHeader(byte[] bytes) => Assert.Null(WavHeader.TryRead(bytes));

    [Fact]
    public void ChunkSizesPointingPastTheEndDoNotThrow()
    {
        var wav = Wav(channels: 1, seconds: 1, listChunk: true);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(16), uint.MaxValue); // LIST claims 4 GiB
        Assert.Null(WavHeader.TryRead(wav));
    }

    [Fact]
    public void BlobMetadataWinsOverTheHeaderAndIsCaseInsensitive()
    {
        var wav = Wav(channels: 1, seconds: 2);
        var metadata = new Dictionary<string, string> { ["DurationSeconds"] = "61.25", ["channels"] = "2" };
        Assert.Equal(new RecordingDetails("audio/wav", 61.25, 2), RecordingMetadata.Describe("wav", "audio/x-wav".Replace("x-", ""), metadata, wav, wav.Length));
    }

    [Fact]
    public void Mp3WithoutMetadataHasTypeButNoDuration() =>
        Assert.Equal(new RecordingDetails("audio/mpeg", null, null), RecordingMetadata.Describe("mp3", "application/octet-stream", null, [], 1000));

    [Fact]
    public void GarbageMetadataIsIgnored()
    {
        var metadata = new Dictionary<string, string> { ["durationseconds"] = "NaN", ["channels"] = "1.5" };
        Assert.Equal(new RecordingDetails("audio/ogg", null, null), RecordingMetadata.Describe("ogg", null, metadata, [], null));
    }

    [Theory]
    [InlineData("m4a", "audio/mp4")]
    [InlineData("mp4", "audio/mp4")]
    [InlineData("webm", "audio/webm")]
    [InlineData("WAV", "audio/wav")]
    public void ContentTypeFollowsTheExtension(string extension, string expected) =>
        Assert.Equal(expected, RecordingMetadata.ContentTypeFor(extension));
}
