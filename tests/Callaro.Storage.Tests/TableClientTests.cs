using Azure;
using Callaro.Storage.Tables;

namespace Callaro.Storage.Tests;

public sealed class TableClientTests
{
    [Fact]
    public async Task CreatingAnExistingTableIsNotAnError()
    {
        var table = await TestStorage.NewTableAsync();

        await table.CreateIfNotExistsAsync();
        await TestStorage.TableService().CreateTableIfNotExistsAsync(table.Name);
    }

    [Fact]
    public async Task EveryEdmTypeComesBackAsTheSameType()
    {
        var table = await TestStorage.NewTableAsync();
        var when = new DateTimeOffset(2024, 2, 29, 23, 59, 58, TimeSpan.FromHours(5)).AddTicks(1234567);
        var id = Guid.NewGuid();
        var bytes = new byte[] { 0, 1, 0x7F, 0x80, 0xFF };
        var entity = new TableEntity("p", "r")
        {
            ["Text"] = "héllo 'quoted' ✓",
            ["Int"] = int.MinValue,
            ["Long"] = long.MaxValue,
            ["SmallLong"] = 5L,
            ["Double"] = 3.0,
            ["Fraction"] = 0.1,
            ["Bool"] = true,
            ["When"] = when,
            ["Id"] = id,
            ["Bytes"] = bytes,
        };

        await table.AddEntityAsync(entity);
        var read = (await table.GetEntityAsync("p", "r")).Value;

        Assert.Equal("héllo 'quoted' ✓", read["Text"]);
        Assert.Equal(int.MinValue, Assert.IsType<int>(read["Int"]));
        Assert.Equal(long.MaxValue, Assert.IsType<long>(read["Long"]));
        Assert.Equal(5L, Assert.IsType<long>(read["SmallLong"]));
        Assert.Equal(3.0, Assert.IsType<double>(read["Double"]));
        Assert.Equal(0.1, Assert.IsType<double>(read["Fraction"]));
        Assert.True(Assert.IsType<bool>(read["Bool"]));
        Assert.Equal(when, Assert.IsType<DateTimeOffset>(read["When"]));
        Assert.Equal(TimeSpan.Zero, read.GetDateTimeOffset("When")!.Value.Offset);
        Assert.Equal(id, Assert.IsType<Guid>(read["Id"]));
        Assert.Equal(bytes, Assert.IsType<byte[]>(read["Bytes"]));
        Assert.NotEqual(default, read.ETag);
        Assert.NotNull(read.Timestamp);
    }

    [Fact]
    public async Task AMissingEntityIsANormalAnswerFromGetEntityIfExists()
    {
        var table = await TestStorage.NewTableAsync();

        var response = await table.GetEntityIfExistsAsync("nobody", "here");

        Assert.False(response.HasValue);
        Assert.Equal(404, response.GetRawResponse().Status);
    }

    [Fact]
    public async Task AMissingEntityFromGetEntityIsA404WithTheServiceErrorCode()
    {
        var table = await TestStorage.NewTableAsync();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityAsync("nobody", "here"));

        Assert.Equal(404, error.Status);
        Assert.Equal("ResourceNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task InsertingTwiceIsAConflict()
    {
        var table = await TestStorage.NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
    }

    [Fact]
    public async Task UpsertMergeKeepsOtherPropertiesAndReplaceDropsThem()
    {
        var table = await TestStorage.NewTableAsync();
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b" });

        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["B"] = "b2" }, TableUpdateMode.Merge);
        var merged = (await table.GetEntityAsync("p", "r")).Value;
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["C"] = "c" }, TableUpdateMode.Replace);
        var replaced = (await table.GetEntityAsync("p", "r")).Value;

        Assert.Equal(("a", "b2"), (merged.GetString("A"), merged.GetString("B")));
        Assert.Equal((null, null, "c"), (replaced.GetString("A"), replaced.GetString("B"), replaced.GetString("C")));
    }

    [Fact]
    public async Task UpdatingWithAStaleETagFailsWith412AndChangesNothing()
    {
        var table = await TestStorage.NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Status"] = "ringing" });
        var first = (await table.GetEntityAsync("p", "r")).Value;
        await table.UpdateEntityAsync(new TableEntity("p", "r") { ["Status"] = "answered" }, first.ETag);

        var error = await Assert.ThrowsAsync<RequestFailedException>(
            () => table.UpdateEntityAsync(new TableEntity("p", "r") { ["Status"] = "missed" }, first.ETag, TableUpdateMode.Replace));

        Assert.Equal(412, error.Status);
        Assert.Equal("UpdateConditionNotSatisfied", error.ErrorCode);
        Assert.Equal("answered", (await table.GetEntityAsync("p", "r")).Value.GetString("Status"));
    }

    [Fact]
    public async Task DeletingIsIdempotentButHonoursAStaleETag()
    {
        var table = await TestStorage.NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));
        var stale = (await table.GetEntityAsync("p", "r")).Value.ETag;
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["X"] = 1 });

        var staleDelete = await Assert.ThrowsAsync<RequestFailedException>(() => table.DeleteEntityAsync("p", "r", stale));
        await table.DeleteEntityAsync("p", "r");
        var again = await table.DeleteEntityAsync("p", "r");

        Assert.Equal(412, staleDelete.Status);
        Assert.Equal(404, again.Status);
        Assert.False((await table.GetEntityIfExistsAsync("p", "r")).HasValue);
    }

    [Theory]
    [InlineData("a/b", "'/'")]
    [InlineData("a\\b", "'\\'")]
    [InlineData("a#b", "'#'")]
    [InlineData("a?b", "'?'")]
    [InlineData("a\tb", "control character")]
    [InlineData("a\u007Fb", "control character")]
    public async Task ForbiddenKeyCharactersAreRejectedBeforeAnyRequest(string key, string named)
    {
        // A client pointing nowhere: the check must happen before the network.
        var table = new TableClient("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=AAAA;TableEndpoint=http://127.0.0.1:1/devstoreaccount1", "t");

        var onPartition = await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity(key, "r")));
        var onRow = await Assert.ThrowsAsync<ArgumentException>(() => table.UpsertEntityAsync(new TableEntity("p", key)));
        var onRead = await Assert.ThrowsAsync<ArgumentException>(() => table.GetEntityIfExistsAsync("p", key));

        Assert.Contains("PartitionKey contains", onPartition.Message);
        Assert.Contains(named, onPartition.Message);
        Assert.Contains("RowKey contains", onRow.Message);
        Assert.Contains("RowKey contains", onRead.Message);
    }

    [Fact]
    public async Task ValuesOverTheServiceLimitsAreRejectedWithTheLimitNamed()
    {
        var table = new TableClient("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=AAAA;TableEndpoint=http://127.0.0.1:1/devstoreaccount1", "t");
        var tooManyProperties = new TableEntity("p", "r");
        for (var i = 0; i < 253; i++)
        {
            tooManyProperties["P" + i] = i;
        }

        var longKey = await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity(new string('k', 1025), "r")));
        var longString = await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity("p", "r") { ["Text"] = new string('x', 32 * 1024 + 1) }));
        var bigBinary = await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity("p", "r") { ["Bytes"] = new byte[64 * 1024 + 1] }));
        var many = await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(tooManyProperties));
        var huge = new TableEntity("p", "r");
        for (var i = 0; i < 20; i++)
        {
            huge["B" + i] = new byte[60 * 1024];
        }

        var tooBig = await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(huge));
        var badType = await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity("p", "r") { ["Money"] = 1.5m }));

        Assert.Contains("at most 1,024", longKey.Message);
        Assert.Contains("'Text'", longString.Message);
        Assert.Contains("'Bytes'", bigBinary.Message);
        Assert.Contains("at most 255", many.Message);
        Assert.Contains("1 MiB", tooBig.Message);
        Assert.Contains("not an Edm type", badType.Message);
    }

    [Fact]
    public async Task KeysWithQuotesSpacesAndNonAsciiCharactersRoundTrip()
    {
        var table = await TestStorage.NewTableAsync();
        const string pk = "O'Brien & co + 50% ünïcödé 日本";
        const string rk = "it's = (a) [b] {c} $d ~e";

        await table.UpsertEntityAsync(new TableEntity(pk, rk) { ["V"] = 1 });
        var read = await table.GetEntityAsync(pk, rk);
        await table.DeleteEntityAsync(pk, rk);

        Assert.Equal((pk, rk), (read.Value.PartitionKey, read.Value.RowKey));
        Assert.False((await table.GetEntityIfExistsAsync(pk, rk)).HasValue);
    }

    [Fact]
    public async Task SelectReturnsOnlyTheNamedProperties()
    {
        var table = await TestStorage.NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b" });

        var read = (await table.GetEntityAsync("p", "r", ["A"])).Value;

        Assert.Equal("a", read.GetString("A"));
        Assert.False(read.ContainsKey("B"));
    }

    [Fact]
    public async Task TheServiceAnswersAPropertiesProbeAndListsTables()
    {
        var service = TestStorage.TableService();
        var table = await TestStorage.NewTableAsync();

        var probe = await service.GetPropertiesAsync();
        var names = new List<string>();
        await foreach (var item in service.QueryAsync(TableClient.CreateQueryFilter($"TableName eq {table.Name}")))
        {
            names.Add(item.Name);
        }

        Assert.Equal(200, probe.Status);
        Assert.Equal([table.Name], names);
    }

    [Fact]
    public async Task DeletingATableRemovesIt()
    {
        var table = await TestStorage.NewTableAsync();

        await table.DeleteAsync();
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityAsync("p", "r"));

        Assert.Equal(404, error.Status);
        Assert.Equal("TableNotFound", error.ErrorCode);
    }
}
