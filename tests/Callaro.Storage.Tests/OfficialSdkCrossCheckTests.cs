using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Callaro.Storage.Blobs;
using Callaro.Storage.Internal;

namespace Callaro.Storage.Tests;

/// <summary>
/// Our signing compared with the official JavaScript SDKs for the same inputs: a canonicalization bug
/// that Azurite happens to tolerate would show up here.
/// </summary>
public sealed class OfficialSdkCrossCheckTests
{
    private const string Account = "devstoreaccount1";
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Theory]
    [InlineData("recordings", "call 1.wav", BlobSasPermissions.Read, "r")]
    [InlineData("recordings", "2025/01/ü+ünï (copy)'s.wav", BlobSasPermissions.Read, "r")]
    [InlineData("transcripts", "a/b/c.json", BlobSasPermissions.Read | BlobSasPermissions.Create | BlobSasPermissions.Write | BlobSasPermissions.Delete, "rcwd")]
    public async Task OurServiceSasIsTheOfficialSdksServiceSas(string container, string blobName, BlobSasPermissions permissions, string letters)
    {
        var startsOn = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var expiresOn = new DateTimeOffset(2025, 1, 9, 3, 4, 5, TimeSpan.FromHours(2));
        var blob = new BlobServiceClient($"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};BlobEndpoint=http://127.0.0.1:10000/{Account}")
            .GetBlobContainerClient(container).GetBlobClient(blobName);

        var ours = blob.GenerateSasUri(permissions, startsOn, expiresOn).Query.TrimStart('?');
        var theirs = await OfficialSdk.RunAsync("sas.js", JsonSerializer.Serialize(new
        {
            account = Account,
            key = Key,
            container,
            blob = blobName,
            permissions = letters,
            startsOn = startsOn.ToString("O"),
            expiresOn = expiresOn.ToString("O"),
            protocol = "https,http",
            version = "2021-12-02",
        }));

        Assert.Equal(theirs, ours);
    }

    [Fact]
    public async Task OurUserDelegationSasIsTheOfficialSdksUserDelegationSas()
    {
        var key = new UserDelegationKey(
            "11111111-1111-1111-1111-111111111111",
            "22222222-2222-2222-2222-222222222222",
            new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero),
            "b",
            "2021-12-02",
            "c2VjcmV0LWRlbGVnYXRpb24ta2V5LWJ5dGVzLTMyISE=");
        var values = new BlobSasValues("callaro", "recordings", "calls/a b.wav", BlobSasPermissions.Read,
            new DateTimeOffset(2025, 1, 1, 1, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 1, 1, 2, 0, 0, TimeSpan.Zero), "https", "2021-12-02");

        var ours = BlobSasSigner.UserDelegationSas(values, key);
        var theirs = await OfficialSdk.RunAsync("sas.js", JsonSerializer.Serialize(new
        {
            account = "callaro",
            container = "recordings",
            blob = "calls/a b.wav",
            permissions = "r",
            startsOn = "2025-01-01T01:00:00Z",
            expiresOn = "2025-01-01T02:00:00Z",
            protocol = "https",
            version = "2021-12-02",
            delegationKey = new
            {
                objectId = key.ObjectId,
                tenantId = key.TenantId,
                startsOn = "2025-01-01T00:00:00Z",
                expiresOn = "2025-01-02T00:00:00Z",
                service = key.Service,
                version = key.Version,
                value = key.Value,
            },
        }));

        Assert.Equal(theirs, ours);
    }

    [Fact]
    public async Task OurSharedKeySignaturesMatchTheOfficialSdksForTheSameRequests()
    {
        using var listener = new CapturingListener();

        await OfficialSdk.RunAsync("sharedkey.js", listener.BaseUrl, Account, Key);

        CapturedRequest[] requests;
        lock (listener.Requests)
        {
            requests = [.. listener.Requests];
        }

        var tableRequests = requests.Where(r => r.Headers["Authorization"].StartsWith("SharedKeyLite ", StringComparison.Ordinal)).ToArray();
        var blobRequests = requests.Where(r => r.Headers["Authorization"].StartsWith("SharedKey ", StringComparison.Ordinal)).ToArray();
        Assert.True(tableRequests.Length >= 6, $"expected the table SDK's requests, got {tableRequests.Length}");
        Assert.True(blobRequests.Length >= 6, $"expected the blob SDK's requests, got {blobRequests.Length}");
        Assert.Contains(tableRequests, r => r.Uri.Query.Contains("comp=acl", StringComparison.Ordinal));
        Assert.Contains(tableRequests, r => r.Uri.AbsolutePath.Contains("PartitionKey=", StringComparison.Ordinal));
        Assert.Contains(blobRequests, r => r.Headers.Keys.Any(k => k.StartsWith("x-ms-meta-", StringComparison.OrdinalIgnoreCase)));

        foreach (var request in tableRequests)
        {
            // The table SDK signs SharedKeyLite (date + canonicalized resource); the canonicalized
            // resource is the part both schemes share and the part that is easy to get wrong.
            var stringToSign = request.Headers["x-ms-date"] + "\n" + Internal.TableSharedKeyPolicy.CanonicalizedResource(request.Uri, Account);
            Assert.Equal(request.Headers["Authorization"], $"SharedKeyLite {Account}:{Hmac(stringToSign)}");
        }

        foreach (var request in blobRequests)
        {
            var ours = $"SharedKey {Account}:{Hmac(BlobSharedKeyPolicy.BuildStringToSign(ToAzureRequest(request), Account))}";
            Assert.True(request.Headers["Authorization"] == ours, $"{request.Method} {request.Uri}: theirs {request.Headers["Authorization"]}, ours {ours}");
        }
    }

    private static Request ToAzureRequest(CapturedRequest captured)
    {
        var request = HttpPipelineBuilder.Build(new BlobClientOptions()).CreateRequest();
        request.Method = RequestMethod.Parse(captured.Method);
        request.Uri.Reset(captured.Uri);
        foreach (var (name, value) in captured.Headers)
        {
            if (name is not ("Authorization" or "Host" or "Connection" or "Content-Length" or "Expect"))
            {
                request.Headers.SetValue(name, value);
            }
        }

        var body = Convert.FromBase64String(captured.Body);
        if (body.Length > 0)
        {
            request.Content = RequestContent.Create(body);
        }

        return request;
    }

    private static string Hmac(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(Key), Encoding.UTF8.GetBytes(stringToSign)));
}
