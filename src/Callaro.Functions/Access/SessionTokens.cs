using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Callaro.Functions.Configuration;
using Microsoft.Extensions.Options;

namespace Callaro.Functions.Access;

/// <summary>One browser sign-in: a random id, the access key it was made with (by hash), and when it ends.</summary>
public sealed record Session(string Id, byte[] KeyHash, DateTimeOffset ExpiresAt);

/// <summary>
/// The sign-in cookie's value: <c>base64url(version, session id, key hash, expiry) "." base64url(HMAC-SHA256)</c>,
/// signed by the app, so the cookie never holds the access key and cannot be forged or extended. The first of
/// the session keys signs; every one of them verifies, so a key can be rotated without signing everyone out.
/// </summary>
internal sealed class SessionTokens
{
    /// <summary>How long a sign-in lasts.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private const byte Version = 1;
    private const int IdBytes = 16;
    private const int HashBytes = 32;
    private const int PayloadBytes = 1 + IdBytes + HashBytes + 8;

    private readonly IReadOnlyList<byte[]> _keys;
    private readonly TimeProvider _time;

    public SessionTokens(IOptions<AccessOptions> access, IConfiguration configuration, TimeProvider time)
    {
        _keys = SessionKeys(access.Value, configuration);
        _time = time;
    }

    /// <summary>A new session for the key with SHA-256 <paramref name="keyHash"/>, and its token.</summary>
    public (Session Session, string Token) Issue(byte[] keyHash)
    {
        var session = new Session(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdBytes)), keyHash, _time.GetUtcNow() + Lifetime);
        var payload = new byte[PayloadBytes];
        payload[0] = Version;
        Convert.FromHexString(session.Id).CopyTo(payload, 1);
        keyHash.CopyTo(payload, 1 + IdBytes);
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(1 + IdBytes + HashBytes), session.ExpiresAt.ToUnixTimeSeconds());
        return (session, Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_keys[0], payload)));
    }

    /// <summary>The session a token stands for; null when it is malformed, not signed by a session key, or expired.</summary>
    public Session? Read(string? token)
    {
        var dot = token?.IndexOf('.') ?? -1;
        if (token is null || dot <= 0
            || !TryDecode(token[..dot], out var payload) || payload.Length != PayloadBytes || payload[0] != Version
            || !TryDecode(token[(dot + 1)..], out var signature))
        {
            return null;
        }

        var signed = false;
        foreach (var key in _keys)
        {
            // Every key is tried, so timing does not tell which one signed.
            signed |= CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(key, payload));
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(1 + IdBytes + HashBytes)), 0, 253402300799));
        if (!signed || expiresAt <= _time.GetUtcNow())
        {
            return null;
        }

        return new Session(Convert.ToHexStringLower(payload.AsSpan(1, IdBytes)), payload.AsSpan(1 + IdBytes, HashBytes).ToArray(), expiresAt);
    }

    /// <summary>The configured session keys, or one derived (HKDF, its own purpose) from the webhook signing secret.</summary>
    internal static IReadOnlyList<byte[]> SessionKeys(AccessOptions access, IConfiguration configuration)
    {
        if (access.SessionKeys.Count > 0)
        {
            return [.. access.SessionKeys.Select(Convert.FromBase64String)];
        }

        var secret = configuration["Callaro:Webhooks:SigningSecret"] is { Length: > 0 } s
            ? s
            : throw new InvalidOperationException("Set Callaro__Access__SessionKeys__0 (or Callaro__Webhooks__SigningSecret, from which a session key is derived).");
        return [HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, info: "callaro-session-v1"u8.ToArray())];
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || !Base64Url.IsValid(text))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(text);
        return true;
    }
}
