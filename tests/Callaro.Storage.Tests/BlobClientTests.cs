using System.Net;
using Azure;
using Callaro.Storage.Blobs;

namespace Callaro.Storage.Tests;

public sealed class BlobClientTests
{
    private static readonly HttpClient Anonymous = new();

    [Fact]
    public async Task AnUploadedBlobComesBackWithItsContentTypeMetadataAndProperties()
    {
        var container = await TestStorage.NewContainerAsync();
        var blob = container.GetBlobClient("calls/2025/01/call 1.json");
        var metadata = new Dictionary<string, string> { ["CallId"] = "c-1", ["Workspace"] = "acme" };

        var uploaded = await blob.UploadAsync(BinaryData.FromString("""{"hello":"world"}"""), new BlobUploadOptions { ContentType = "application/json", Metadata = metadata });
        var properties = (await blob.GetPropertiesAsync()).Value;
        var downloaded = (await blob.DownloadContentAsync()).Value;

        Assert.Equal(uploaded.Value.ETag, properties.ETag);
        Assert.Equal(17, properties.ContentLength);
        Assert.Equal("application/json", properties.ContentType);
        Assert.Equal(metadata, properties.Metadata.ToDictionary(StringComparer.Ordinal), new MetadataComparer());
        Assert.NotNull(properties.CreatedOn);
        Assert.True(properties.LastModified > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal("""{"hello":"world"}""", downloaded.Content.ToString());
        Assert.Equal("application/json", downloaded.Details.ContentType);
        Assert.Equal("acme", downloaded.Details.Metadata["Workspace"]);
    }

    [Fact]
    public async Task ALargeBlobStreamsFromTheNetwork()
    {
        var container = await TestStorage.NewContainerAsync();
        var blob = container.GetBlobClient("big.bin");
        var bytes = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(bytes);
        await blob.UploadAsync(new MemoryStream(bytes));

        using var download = (await blob.DownloadStreamingAsync()).Value;
        using var copy = new MemoryStream();
        await download.Content.CopyToAsync(copy);

        Assert.Equal(bytes.Length, download.Details.ContentLength);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task ConditionsProtectAnExistingBlob()
    {
        var container = await TestStorage.NewContainerAsync();
        var blob = container.GetBlobClient("once.txt");
        var first = await blob.UploadAsync(BinaryData.FromString("1"), new BlobUploadOptions { IfNoneMatchAll = true });

        var again = await Assert.ThrowsAsync<RequestFailedException>(() => blob.UploadAsync(BinaryData.FromString("2"), new BlobUploadOptions { IfNoneMatchAll = true }));
        await blob.UploadAsync(BinaryData.FromString("3"), new BlobUploadOptions { IfMatch = first.Value.ETag });
        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => blob.UploadAsync(BinaryData.FromString("4"), new BlobUploadOptions { IfMatch = first.Value.ETag }));

        Assert.Equal((409, "BlobAlreadyExists"), (again.Status, again.ErrorCode));
        Assert.Equal((412, "ConditionNotMet"), (stale.Status, stale.ErrorCode));
        Assert.Equal("3", (await blob.DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task ExistsAndDeleteIfExistsTellWhetherThereWasABlob()
    {
        var container = await TestStorage.NewContainerAsync();
        var blob = container.GetBlobClient("x.txt");

        var before = await blob.ExistsAsync();
        await blob.UploadAsync(BinaryData.FromString("x"));
        var during = await blob.ExistsAsync();
        var deleted = await blob.DeleteIfExistsAsync();
        var deletedAgain = await blob.DeleteIfExistsAsync();
        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => blob.DownloadContentAsync());
        var missingProperties = await Assert.ThrowsAsync<RequestFailedException>(() => blob.GetPropertiesAsync());

        Assert.Equal((false, true, true, false), (before.Value, during.Value, deleted.Value, deletedAgain.Value));
        Assert.Equal((404, "BlobNotFound"), (missing.Status, missing.ErrorCode));
        Assert.Equal((404, "BlobNotFound"), (missingProperties.Status, missingProperties.ErrorCode));
    }

    [Fact]
    public async Task ListingByPrefixPagesWithMarkersAndCarriesMetadata()
    {
        var container = await TestStorage.NewContainerAsync();
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => container.GetBlobClient($"rec/{i:D2}.wav")
            .UploadAsync(BinaryData.FromString("x"), new BlobUploadOptions { ContentType = "audio/wav", Metadata = new Dictionary<string, string> { ["Index"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } })));
        await container.GetBlobClient("other/skip.txt").UploadAsync(BinaryData.FromString("x"));

        var pages = new List<IReadOnlyList<BlobItem>>();
        var markers = new List<string?>();
        await foreach (var page in container.GetBlobsAsync("rec/", maxPerPage: 5).AsPages())
        {
            pages.Add(page.Values);
            markers.Add(page.ContinuationToken);
        }

        var resumed = new List<string>();
        await foreach (var page in container.GetBlobsAsync("rec/").AsPages(continuationToken: markers[1], pageSizeHint: 100))
        {
            resumed.AddRange(page.Values.Select(b => b.Name));
        }

        Assert.Equal([5, 5, 2], pages.Select(p => p.Count));
        var all = pages.SelectMany(p => p).ToList();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"rec/{i:D2}.wav"), all.Select(b => b.Name));
        Assert.All(all, b => Assert.Equal(b.Name[4..6].TrimStart('0').PadLeft(1, '0'), b.Properties.Metadata["Index"]));
        Assert.All(all, b => Assert.Equal(("audio/wav", 1L), (b.Properties.ContentType, b.Properties.ContentLength)));
        Assert.All(all, b => Assert.StartsWith("\"", b.Properties.ETag.ToString()));
        Assert.Equal(["rec/10.wav", "rec/11.wav"], resumed);
        Assert.Null(markers[2]);
    }

    [Fact]
    public async Task ASasLinkFetchesTheBytesAndStopsWorkingAfterItExpires()
    {
        var container = await TestStorage.NewContainerAsync();
        var blob = container.GetBlobClient("recording 1.wav");
        await blob.UploadAsync(BinaryData.FromString("voice"));

        var link = await blob.GenerateReadSasUriAsync(DateTimeOffset.UtcNow.AddSeconds(3));
        var before = await Anonymous.GetAsync(link);
        var withoutSas = await Anonymous.GetAsync(blob.Uri);
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        var after = await Anonymous.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal("voice", await before.Content.ReadAsStringAsync());
        Assert.NotEqual(HttpStatusCode.OK, withoutSas.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        Assert.DoesNotContain("voice", await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AReadLinkCannotWrite()
    {
        var container = await TestStorage.NewContainerAsync();
        var blob = container.GetBlobClient("r.txt");
        await blob.UploadAsync(BinaryData.FromString("keep"));
        var link = blob.GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddMinutes(5));

        using var put = new HttpRequestMessage(HttpMethod.Put, link) { Content = new StringContent("overwrite") };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        var response = await Anonymous.SendAsync(put);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("keep", (await blob.DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task ContainersAreCreatedAndDeletedIdempotently()
    {
        var service = TestStorage.BlobService();
        var container = service.GetBlobContainerClient(TestStorage.UniqueName());

        await container.CreateIfNotExistsAsync();
        await container.CreateIfNotExistsAsync();
        await container.DeleteIfExistsAsync();
        await container.DeleteIfExistsAsync();
        var probe = await service.GetPropertiesAsync();

        Assert.Equal(200, probe.Status);
        Assert.Equal("devstoreaccount1", service.AccountName);
    }

    private sealed class MetadataComparer : IEqualityComparer<KeyValuePair<string, string>>
    {
        public bool Equals(KeyValuePair<string, string> x, KeyValuePair<string, string> y) =>
            string.Equals(x.Key, y.Key, StringComparison.OrdinalIgnoreCase) && x.Value == y.Value;

        public int GetHashCode(KeyValuePair<string, string> obj) => StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Key);
    }
}

public sealed class SasConnectionStringTests
{
    [Fact]
    public async Task AClientBuiltFromASasConnectionStringReadsWhatTheSasAllows()
    {
        var container = await TestStorage.NewContainerAsync();
        var owner = container.GetBlobClient("shared.txt");
        await owner.UploadAsync(BinaryData.FromString("shared bytes"));
        var sas = owner.GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddMinutes(5)).Query;
        var blobEndpoint = TestStorage.BlobService().Uri;

        var reader = new BlobServiceClient($"BlobEndpoint={blobEndpoint};SharedAccessSignature={sas}")
            .GetBlobContainerClient(container.Name).GetBlobClient("shared.txt");
        var content = await reader.DownloadContentAsync();
        var write = await Assert.ThrowsAsync<RequestFailedException>(() => reader.UploadAsync(BinaryData.FromString("no")));

        Assert.Equal("shared bytes", content.Value.Content.ToString());
        Assert.Equal(403, write.Status);
        Assert.False(reader.CanGenerateSasUri);
        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.GenerateReadSasUriAsync(DateTimeOffset.UtcNow.AddMinutes(1)));
    }
}
