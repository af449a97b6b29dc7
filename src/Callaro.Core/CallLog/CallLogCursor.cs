using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Callaro.Core.CallLog;

/// <summary>Which way a cursor pages.</summary>
public enum CallLogPagingDirection : byte
{
    /// <summary>Towards older calls.</summary>
    Older = 1,
    /// <summary>Towards newer calls.</summary>
    Newer = 2,
}

/// <summary>
/// A position in the log: a day of the range and a row key in it. <paramref name="Inclusive"/> says
/// whether the row at <paramref name="RowKey"/> itself belongs to the next page (a resumed scan) or not
/// (a page boundary). <paramref name="SpanTicks"/> is the time the previous page covered, a density
/// hint that sizes the first window when paging towards newer calls.
/// </summary>
/// <paramref name="Continuation"/> is the service's opaque token when a capped read stopped in the middle of a scan.
public sealed record CallLogPosition(CallLogPagingDirection Direction, DateOnly Day, string RowKey, bool Inclusive, long SpanTicks, string? Continuation = null);

/// <summary>A cursor that was forged, altered, or belongs to another query.</summary>
public sealed class CallLogCursorException(string message) : Exception(message);

/// <summary>
/// Opaque, tamper-evident cursors: the position, bound to the query's workspace, range and filters by
/// a fingerprint, signed with HMAC-SHA256 under a server key. A cursor is useless for any other query.
/// </summary>
public sealed class CallLogCursorCodec
{
    private const byte Version = 1;
    private const int MacLength = 16;
    private const int FingerprintLength = 16;
    private readonly byte[] _key;

    /// <summary>Creates a codec with a key of at least 16 bytes.</summary>
    /// <exception cref="ArgumentException">The key is too short.</exception>
    public CallLogCursorCodec(byte[] key)
    {
        if (key.Length < 16) throw new ArgumentException("The cursor key must be at least 16 bytes.", nameof(key));
        _key = key;
    }

    /// <summary>Derives the cursor key from a configured secret (a dedicated key or the webhook signing secret).</summary>
    public static byte[] DeriveKey(string secret) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, salt: [], info: "callaro/call-log-cursor/v1"u8.ToArray());

    /// <summary>Encodes a position for a query.</summary>
    public string Encode(CallLogQuery query, CallLogPosition position)
    {
        var rk = Encoding.UTF8.GetBytes(position.RowKey);
        var token = Encoding.UTF8.GetBytes(position.Continuation ?? "");
        var payload = new byte[1 + 1 + 4 + 1 + 8 + FingerprintLength + 2 + rk.Length + 2 + token.Length];
        var span = payload.AsSpan();
        span[0] = Version;
        span[1] = (byte)position.Direction;
        BinaryPrimitives.WriteInt32BigEndian(span[2..], position.Day.DayNumber);
        span[6] = position.Inclusive ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64BigEndian(span[7..], position.SpanTicks);
        Fingerprint(query).CopyTo(span[15..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[(15 + FingerprintLength)..], checked((ushort)rk.Length));
        rk.CopyTo(span[(17 + FingerprintLength)..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[(17 + FingerprintLength + rk.Length)..], checked((ushort)token.Length));
        token.CopyTo(span[(19 + FingerprintLength + rk.Length)..]);
        var mac = HMACSHA256.HashData(_key, payload).AsSpan(0, MacLength);
        return Base64Url.EncodeToString([.. payload, .. mac]);
    }

    /// <summary>Decodes a cursor for a query.</summary>
    /// <exception cref="CallLogCursorException">The cursor is malformed, altered, or was issued for another query.</exception>
    public CallLogPosition Decode(CallLogQuery query, string cursor)
    {
        byte[] bytes;
        try { bytes = Base64Url.DecodeFromChars(cursor); }
        catch (FormatException) { throw Invalid(); }
        const int fixedLength = 17 + FingerprintLength;
        if (bytes.Length < fixedLength + MacLength) throw Invalid();
        var payload = bytes.AsSpan(0, bytes.Length - MacLength);
        var expected = HMACSHA256.HashData(_key, payload).AsSpan(0, MacLength);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(bytes.Length - MacLength)))
            throw Invalid();
        if (payload[0] != Version || payload[1] is not (1 or 2)) throw Invalid();
        if (!CryptographicOperations.FixedTimeEquals(payload.Slice(15, FingerprintLength), Fingerprint(query)))
            throw new CallLogCursorException("This cursor was issued for a different workspace, range or filters; start again from the first page.");
        var rkLength = BinaryPrimitives.ReadUInt16BigEndian(payload[(15 + FingerprintLength)..]);
        if (payload.Length < fixedLength + rkLength + 2) throw Invalid();
        var tokenLength = BinaryPrimitives.ReadUInt16BigEndian(payload[(fixedLength + rkLength)..]);
        if (payload.Length != fixedLength + rkLength + 2 + tokenLength) throw Invalid();
        var day = DateOnly.FromDayNumber(BinaryPrimitives.ReadInt32BigEndian(payload[2..]));
        if (day < query.From || day > query.To) throw Invalid();
        return new CallLogPosition(
            (CallLogPagingDirection)payload[1],
            day,
            Encoding.UTF8.GetString(payload.Slice(fixedLength, rkLength)),
            payload[6] == 1,
            BinaryPrimitives.ReadInt64BigEndian(payload[7..]),
            tokenLength == 0 ? null : Encoding.UTF8.GetString(payload.Slice(fixedLength + rkLength + 2, tokenLength)));
    }

    private static CallLogCursorException Invalid() =>
        new("The cursor is not valid (it was altered or not issued by this service); start again from the first page.");

    // Everything that decides which rows exist; the page size may change between pages.
    private static byte[] Fingerprint(CallLogQuery q)
    {
        var statuses = string.Join(",", q.Statuses.Select(s => (int)s).Order());
        var scope = string.Join("\n", q.Workspace, q.From.DayNumber, q.To.DayNumber, (int)q.View, q.Direction?.ToString() ?? "", statuses, q.Number ?? "",
            Optional(q.Operator), Optional(q.Campaign), q.HasRecording?.ToString() ?? "", q.Incomplete ? "incomplete" : "");
        return SHA256.HashData(Encoding.UTF8.GetBytes(scope)).AsSpan(0, FingerprintLength).ToArray();
    }

    // Length-prefixed, so no id can imitate another filter by containing the separator.
    private static string Optional(string? value) => value is null ? "-" : value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + value;
}
