using System.Buffers.Binary;

namespace Callaro.Functions.Tests.Attachments;

internal static class TestAudio
{
    /// <summary>A PCM WAV file: 8 kHz, 16-bit, silent.</summary>
    public static byte[] Wav(int channels, double seconds)
    {
        const int sampleRate = 8000;
        var byteRate = sampleRate * channels * 2;
        var dataLength = (int)(seconds * byteRate);
        var bytes = new byte[44 + dataLength];
        "RIFF"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(36 + dataLength));
        "WAVEfmt "u8.CopyTo(bytes.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(22), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(28), (uint)byteRate);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(32), (ushort)(channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(34), 16);
        "data"u8.CopyTo(bytes.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(40), (uint)dataLength);
        return bytes;
    }

    /// <summary>Bytes that look like an MP3 (ID3 tag); Callaro does not decode MP3.</summary>
    public static byte[] Mp3(int length = 4096)
    {
        var bytes = new byte[length];
        "ID3"u8.CopyTo(bytes);
        bytes[3] = 4;
        return bytes;
    }
}
