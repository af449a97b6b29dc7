using System.Diagnostics.Tracing;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Diagnostics;
using Callaro.Storage.Blobs;
using Callaro.Storage.Internal;
using Callaro.Storage.Tables;
using Moq;

namespace Callaro.Storage.Tests;

public sealed class PipelineTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const string AzuriteTables = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:10002/devstoreaccount1";
    private const string CloudAccount = $"DefaultEndpointsProtocol=https;AccountName=callaro;AccountKey={Key}";

    [Fact]
    public async Task ARetriedRequestIsDatedAndSignedAfresh()
    {
        var clock = new Mock<TimeProvider>();
        clock.SetupSequence(c => c.GetUtcNow())
            .Returns(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero))
            .Returns(new DateTimeOffset(2025, 1, 1, 12, 0, 9, TimeSpan.Zero));
        var handler = new FakeHandler((_, n) => FakeHandler.Answer(n == 1 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.NoContent));
        var options = new TableClientOptions { Transport = handler.Transport, Clock = clock.Object };
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        var table = new TableClient(AzuriteTables, "calls", options);

        await table.UpsertEntityAsync(new TableEntity("p", "r"));

        Assert.Equal(2, handler.Requests.Count);
        var (first, second) = (handler.Requests[0], handler.Requests[1]);
        Assert.Equal("Wed, 01 Jan 2025 12:00:00 GMT", first.Headers["x-ms-date"]);
        Assert.Equal("Wed, 01 Jan 2025 12:00:09 GMT", second.Headers["x-ms-date"]);
        Assert.Equal(first.Headers["x-ms-client-request-id"], second.Headers["x-ms-client-request-id"]);
        foreach (var request in handler.Requests)
        {
            var expected = $"MERGE\n\napplication/json\n{request.Headers["x-ms-date"]}\n/devstoreaccount1/devstoreaccount1/calls(PartitionKey='p',RowKey='r')";
            Assert.Equal($"SharedKey devstoreaccount1:{Hmac(expected)}", request.Headers["Authorization"]);
        }
    }

    [Fact]
    public async Task TheTableSignatureCoversOnlyTheCompParameterOfTheQuery()
    {
        var handler = new FakeHandler((_, _) => FakeHandler.Answer(HttpStatusCode.OK, xml: "<StorageServiceProperties/>"));
        var service = new TableServiceClient(CloudAccount, new TableClientOptions { Transport = handler.Transport });

        await service.GetPropertiesAsync();

        var request = Assert.Single(handler.Requests);
        Assert.Equal("https://callaro.table.core.windows.net/?restype=service&comp=properties", request.Uri.ToString());
        var expected = $"GET\n\n\n{request.Headers["x-ms-date"]}\n/callaro/?comp=properties";
        Assert.Equal($"SharedKey callaro:{Hmac(expected)}", request.Headers["Authorization"]);
        Assert.Equal("2020-12-06", request.Headers["x-ms-version"]);
    }

    [Fact]
    public async Task TheBlobSignatureCoversXmsHeadersAndEveryQueryParameter()
    {
        var handler = new FakeHandler((_, _) => FakeHandler.Answer(HttpStatusCode.OK, xml: "<EnumerationResults><Blobs/></EnumerationResults>"));
        var service = new BlobServiceClient(CloudAccount, new BlobClientOptions { Transport = handler.Transport });

        await foreach (var _ in service.GetBlobContainerClient("recordings").GetBlobsAsync("2025/a b", 7))
        {
        }

        var request = Assert.Single(handler.Requests);
        var h = request.Headers;
        var expected = "GET\n\n\n\n\n\n\n\n\n\n\n\n"
            + $"x-ms-client-request-id:{h["x-ms-client-request-id"]}\nx-ms-date:{h["x-ms-date"]}\nx-ms-return-client-request-id:true\nx-ms-version:2021-12-02\n"
            + "/callaro/recordings\ncomp:list\ninclude:metadata\nmaxresults:7\nprefix:2025/a b\nrestype:container";
        Assert.Equal($"SharedKey callaro:{Hmac(expected)}", h["Authorization"]);
    }

    [Fact]
    public async Task AnUploadSignsLengthTypeConditionsAndMetadata()
    {
        var handler = new FakeHandler((_, _) => FakeHandler.Answer(HttpStatusCode.Created));
        var blob = new BlobServiceClient(CloudAccount, new BlobClientOptions { Transport = handler.Transport })
            .GetBlobContainerClient("recordings").GetBlobClient("calls/x y.wav");

        await blob.UploadAsync(BinaryData.FromString("hello"), new BlobUploadOptions { ContentType = "audio/wav", IfNoneMatchAll = true, Metadata = new Dictionary<string, string> { ["CallId"] = "c1" } });

        var request = Assert.Single(handler.Requests);
        var h = request.Headers;
        Assert.Equal("/recordings/calls/x%20y.wav", request.Uri.AbsolutePath);
        var expected = "PUT\n\n\n5\n\naudio/wav\n\n\n\n*\n\n\n"
            + $"x-ms-blob-content-type:audio/wav\nx-ms-blob-type:BlockBlob\nx-ms-client-request-id:{h["x-ms-client-request-id"]}\nx-ms-date:{h["x-ms-date"]}\nx-ms-meta-callid:c1\nx-ms-return-client-request-id:true\nx-ms-version:2021-12-02\n"
            + "/callaro/recordings/calls/x%20y.wav";
        Assert.Equal($"SharedKey callaro:{Hmac(expected)}", h["Authorization"]);
    }

    [Fact]
    public async Task ATokenCredentialSendsABearerTokenForTheStorageScope()
    {
        var credential = new RecordingCredential();
        var handler = new FakeHandler((_, _) => FakeHandler.Answer(HttpStatusCode.OK, json: """{"value":[{"TableName":"calls"}]}"""));
        var service = new TableServiceClient(new Uri("https://callaro.table.core.windows.net"), credential, new TableClientOptions { Transport = handler.Transport });

        var names = new List<string>();
        await foreach (var t in service.QueryAsync())
        {
            names.Add(t.Name);
        }

        var request = Assert.Single(handler.Requests);
        Assert.Equal("Bearer token-1", request.Headers["Authorization"]);
        Assert.Equal(["https://storage.azure.com/.default"], credential.Scopes);
        Assert.Equal("2020-12-06", request.Headers["x-ms-version"]);
        Assert.Equal(["calls"], names);
        Assert.Equal("callaro", service.AccountName);
    }

    [Fact]
    public async Task ASasCredentialIsAppendedOnceEvenWhenTheRequestIsRetried()
    {
        var handler = new FakeHandler((_, n) => FakeHandler.Answer(n == 1 ? HttpStatusCode.InternalServerError : HttpStatusCode.NoContent));
        var options = new TableClientOptions { Transport = handler.Transport };
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        var table = new TableClient(new Uri("https://callaro.table.core.windows.net/"), "calls", new AzureSasCredential("?sv=2020-12-06&sig=SECRET"), options);

        await table.DeleteEntityAsync("p", "r");

        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal("?sv=2020-12-06&sig=SECRET", r.Uri.Query));
        Assert.All(handler.Requests, r => Assert.False(r.Headers.ContainsKey("Authorization")));
    }

    [Fact]
    public async Task LogsNeverShowTheSasSignatureOrTheAuthorizationHeader()
    {
        var logs = new List<string>();
        using var listener = new AzureEventSourceListener((_, message) => { lock (logs) { logs.Add(message); } }, EventLevel.Verbose);
        var handler = new FakeHandler((_, _) => FakeHandler.Answer(HttpStatusCode.NotFound, json: """{"odata.error":{"code":"ResourceNotFound","message":{"lang":"en-US","value":"The specified resource does not exist."}}}"""));
        var sasTable = new TableClient(new Uri("https://callaro.table.core.windows.net/"), "calls", new AzureSasCredential("sv=2020-12-06&sig=TOPSECRETSIG"), new TableClientOptions { Transport = handler.Transport });
        var keyTable = new TableClient(CloudAccount, "calls", new TableClientOptions { Transport = handler.Transport });

        await sasTable.GetEntityIfExistsAsync("p", "log-test-row");
        await keyTable.GetEntityIfExistsAsync("p", "log-test-row");

        string[] mine;
        lock (logs)
        {
            mine = logs.Where(l => l.Contains("log-test-row", StringComparison.Ordinal)).ToArray();
        }

        var signature = handler.Requests[1].Headers["Authorization"].Split(':')[1];
        Assert.NotEmpty(mine);
        Assert.Contains(mine, l => l.Contains("sig=REDACTED", StringComparison.Ordinal));
        Assert.DoesNotContain(mine, l => l.Contains("TOPSECRETSIG", StringComparison.Ordinal));
        Assert.DoesNotContain(mine, l => l.Contains(signature, StringComparison.Ordinal));
        Assert.Contains(mine, l => l.Contains("x-ms-version:2020-12-06", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AServiceErrorCarriesStatusCodeAndMessage()
    {
        var handler = new FakeHandler((_, _) => FakeHandler.Answer(HttpStatusCode.BadRequest, json: """{"odata.error":{"code":"InvalidInput","message":{"lang":"en-US","value":"One of the request inputs is not valid."}}}"""));
        var table = new TableClient(CloudAccount, "calls", new TableClientOptions { Transport = handler.Transport });

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Equal(400, error.Status);
        Assert.Equal("InvalidInput", error.ErrorCode);
        Assert.Contains("One of the request inputs is not valid.", error.Message);
    }

    [Fact]
    public async Task ATokenCredentialMintsUserDelegationLinks()
    {
        var handler = new FakeHandler((_, _) => FakeHandler.Answer(HttpStatusCode.OK, xml: UserDelegationKeyXml));
        var blob = new BlobServiceClient(new Uri("https://callaro.blob.core.windows.net"), new RecordingCredential(), new BlobClientOptions { Transport = handler.Transport })
            .GetBlobContainerClient("recordings").GetBlobClient("a.wav");

        var link = await blob.GenerateReadSasUriAsync(DateTimeOffset.UtcNow.AddHours(1));

        var request = Assert.Single(handler.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("?restype=service&comp=userdelegationkey", request.Uri.Query);
        Assert.Contains("<KeyInfo><Start>", request.Body);
        var query = QueryString.Parse(link.Query).ToDictionary(p => p.Name, p => p.Value);
        Assert.Equal(("11111111-1111-1111-1111-111111111111", "r", "b", "https"), (query["skoid"], query["sp"], query["sr"], query["spr"]));
        Assert.False(blob.CanGenerateSasUri);
        Assert.Throws<InvalidOperationException>(() => blob.GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddHours(1)));
    }

    internal const string UserDelegationKeyXml = """
        <?xml version="1.0" encoding="utf-8"?>
        <UserDelegationKey>
          <SignedOid>11111111-1111-1111-1111-111111111111</SignedOid>
          <SignedTid>22222222-2222-2222-2222-222222222222</SignedTid>
          <SignedStart>2025-01-01T00:00:00Z</SignedStart>
          <SignedExpiry>2025-01-02T00:00:00Z</SignedExpiry>
          <SignedService>b</SignedService>
          <SignedVersion>2021-12-02</SignedVersion>
          <Value>c2VjcmV0LWRlbGVnYXRpb24ta2V5LWJ5dGVzLTMyISE=</Value>
        </UserDelegationKey>
        """;

    private static string Hmac(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(Key), Encoding.UTF8.GetBytes(stringToSign)));

    private sealed class RecordingCredential : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken("token-1", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
