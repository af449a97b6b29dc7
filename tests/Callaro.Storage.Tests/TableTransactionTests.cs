using Callaro.Storage.Tables;

namespace Callaro.Storage.Tests;

public sealed class TableTransactionTests
{
    [Fact]
    public async Task ATransactionAppliesEveryKindOfActionTogether()
    {
        var table = await TestStorage.NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "update") { ["V"] = 1, ["Keep"] = "k" });
        await table.AddEntityAsync(new TableEntity("p", "delete"));
        await table.AddEntityAsync(new TableEntity("p", "replace") { ["Old"] = true });
        var etag = (await table.GetEntityAsync("p", "update")).Value.ETag;

        var result = await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "add") { ["V"] = 1L }),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "update") { ["V"] = 2 }, etag),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "replace") { ["New"] = true }),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "upsert") { ["V"] = 3 }),
            new(TableTransactionActionType.Delete, new TableEntity("p", "delete")),
        ]);

        var rows = new Dictionary<string, TableEntity>();
        await foreach (var e in table.QueryAsync())
        {
            rows[e.RowKey] = e;
        }

        Assert.Equal(5, result.Value.Count);
        Assert.All(result.Value, r => Assert.Equal(204, r.Status));
        Assert.Equal(["add", "replace", "update", "upsert"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((2, "k"), (rows["update"].GetInt32("V"), rows["update"].GetString("Keep")));
        Assert.False(rows["replace"].ContainsKey("Old"));
        Assert.Equal(1L, rows["add"].GetInt64("V"));
    }

    [Fact]
    public async Task WhenOneActionFailsNothingIsAppliedAndItsIndexIsReported()
    {
        var table = await TestStorage.NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "exists") { ["V"] = "original" });

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "a")),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "b") { ["V"] = 1 }),
            new(TableTransactionActionType.Add, new TableEntity("p", "exists") { ["V"] = "changed" }),
            new(TableTransactionActionType.Add, new TableEntity("p", "c")),
        ]));

        var rows = new List<string>();
        await foreach (var e in table.QueryAsync())
        {
            rows.Add(e.RowKey);
        }

        Assert.Equal(2, error.FailedTransactionActionIndex);
        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        Assert.Contains("Action 2", error.Message);
        Assert.Contains("nothing in the transaction was applied", error.Message);
        Assert.Equal(["exists"], rows);
        Assert.Equal("original", (await table.GetEntityAsync("p", "exists")).Value.GetString("V"));
    }

    [Fact]
    public async Task AStaleETagInsideATransactionRollsItBack()
    {
        var table = await TestStorage.NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });
        var stale = (await table.GetEntityAsync("p", "r")).Value.ETag;
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["V"] = 2 });

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "new")),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "r") { ["V"] = 3 }, stale),
        ]));

        Assert.Equal(412, error.Status);
        Assert.Equal(1, error.FailedTransactionActionIndex);
        Assert.False((await table.GetEntityIfExistsAsync("p", "new")).HasValue);
    }

    [Fact]
    public async Task InvalidTransactionsAreRejectedBeforeAnyRequest()
    {
        var table = new TableClient("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=AAAA;TableEndpoint=http://127.0.0.1:1/devstoreaccount1", "t");

        var empty = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync([]));
        var tooMany = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(
            Enumerable.Range(0, 101).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", i.ToString(System.Globalization.CultureInfo.InvariantCulture))))));
        var twoPartitions = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "a")),
            new(TableTransactionActionType.Add, new TableEntity("q", "b")),
        ]));
        var sameRowTwice = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "a")),
            new(TableTransactionActionType.Delete, new TableEntity("p", "a")),
        ]));

        Assert.Contains("at least one", empty.Message);
        Assert.Contains("at most 100", tooMany.Message);
        Assert.Contains("one PartitionKey", twoPartitions.Message);
        Assert.Contains("action 1", sameRowTwice.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("2:The specified entity already exists.\nRequestId:x", 2)]
    [InlineData("99:bad", 99)]
    [InlineData("The batch request body is malformed.", null)]
    [InlineData(null, null)]
    public void TheFailingIndexIsReadFromTheServiceMessage(string? message, int? index)
    {
        Assert.Equal(index, TableTransaction.ParseFailedIndex(message));
    }
}
