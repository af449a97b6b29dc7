using System.Security.Cryptography;
using System.Text;

namespace Callaro.Storage.Internal;

/// <summary>An account name and its decoded key; signs strings with HMAC-SHA256.</summary>
internal sealed class SharedKeyCredential
{
    private readonly byte[] _key;

    public SharedKeyCredential(string accountName, string base64Key)
    {
        AccountName = accountName;
        _key = Convert.FromBase64String(base64Key);
    }

    public string AccountName { get; }

    public string Sign(string stringToSign) => Sign(_key, stringToSign);

    public static string Sign(byte[] key, string stringToSign)
    {
        var byteCount = Encoding.UTF8.GetByteCount(stringToSign);
        var rented = byteCount <= 1024 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(byteCount);
        Span<byte> buffer = rented ?? stackalloc byte[1024];
        try
        {
            var written = Encoding.UTF8.GetBytes(stringToSign, buffer);
            Span<byte> hash = stackalloc byte[32];
            HMACSHA256.HashData(key, buffer[..written], hash);
            return Convert.ToBase64String(hash);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}

/// <summary>What a client authenticates with; exactly one of the members is set.</summary>
internal sealed record StorageAuth(SharedKeyCredential? SharedKey, Azure.AzureSasCredential? Sas, Azure.Core.TokenCredential? Token)
{
    public static StorageAuth From(StorageConnectionString cs) =>
        cs.AccountKey is not null
            ? new StorageAuth(new SharedKeyCredential(cs.AccountName, cs.AccountKey), null, null)
            : new StorageAuth(null, new Azure.AzureSasCredential(cs.SharedAccessSignature!), null);
}
