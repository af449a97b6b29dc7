using System.Security.Cryptography;
using Callaro.Functions.Configuration;
using Microsoft.Extensions.Options;

namespace Callaro.Functions.Access;

/// <summary>The configured access keys, with their hashes decoded once.</summary>
internal sealed class AccessKeyRing(IOptions<AccessOptions> options)
{
    private readonly IReadOnlyList<(AccessKeyOptions Key, byte[] Hash)> _keys =
        options.Value.Keys.Select(k => (k, Convert.FromHexString(k.Sha256))).ToList();

    /// <summary>
    /// Finds the key whose hash matches. Every configured hash is compared in constant time, and the loop
    /// does not stop at a match, so timing reveals neither which key matched nor how much of it.
    /// </summary>
    public AccessKeyOptions? Find(string presentedKey) => FindByHash(AccessKeyHash.Hash(presentedKey));

    /// <summary>Finds the key with this SHA-256 (a session names its key by hash; the key itself is never kept).</summary>
    public AccessKeyOptions? FindByHash(byte[] presented)
    {
        AccessKeyOptions? match = null;
        foreach (var (key, hash) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, hash))
            {
                match ??= key;
            }
        }

        return match;
    }
}
