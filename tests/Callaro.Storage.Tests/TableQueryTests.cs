using System.Runtime.CompilerServices;
using Callaro.Storage.Tables;

namespace Callaro.Storage.Tests;

public sealed class TableQueryTests
{
    [Fact]
    public async Task AQueryOverMoreThanAThousandEntitiesFollowsContinuationTokensAcrossPages()
    {
        var table = await TestStorage.NewTableAsync();
        const int count = 1_234;
        await FillPartitionAsync(table, "p", count);

        var pages = new List<int>();
        var rows = new List<string>();
        await foreach (var page in table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {"p"}")).AsPages())
        {
            pages.Add(page.Values.Count);
            rows.AddRange(page.Values.Select(e => e.RowKey));
        }

        Assert.True(pages.Count >= 2, $"expected several pages, got {pages.Count}");
        Assert.All(pages, size => Assert.True(size <= 1000));
        Assert.Equal(count, rows.Count);
        Assert.Equal(count, rows.Distinct().Count());
        Assert.Equal(rows.Order(StringComparer.Ordinal), rows);
    }

    [Fact]
    public async Task APageTokenResumesTheQueryWhereThePageEnded()
    {
        var table = await TestStorage.NewTableAsync();
        await FillPartitionAsync(table, "p", 120);
        var query = table.QueryAsync(maxPerPage: 50, select: ["N"]);

        var first = await FirstPageAsync(query.AsPages());
        var second = await FirstPageAsync(query.AsPages(first.ContinuationToken, 50));
        var rest = await FirstPageAsync(query.AsPages(second.ContinuationToken, 1000));

        Assert.Equal(50, first.Values.Count);
        Assert.NotNull(first.ContinuationToken);
        Assert.Equal(20, rest.Values.Count);
        Assert.Null(rest.ContinuationToken);
        Assert.Equal([0, 50], new[] { first.Values[0].GetInt32("N")!.Value, second.Values[0].GetInt32("N")!.Value });
    }

    [Fact]
    public async Task TopLimitsThePageAndSelectLimitsTheProperties()
    {
        var table = await TestStorage.NewTableAsync();
        await FillPartitionAsync(table, "p", 10);

        var page = await FirstPageAsync(table.QueryAsync(maxPerPage: 3, select: ["N"]).AsPages());

        Assert.Equal(3, page.Values.Count);
        Assert.All(page.Values, e => Assert.Equal(["N"], e.Keys));
        Assert.All(page.Values, e => Assert.NotEqual(default, e.ETag));
    }

    public static TheoryData<string, object> HostileValues() => new()
    {
        { "Text", "O'Brien" },
        { "Text", "'' or 1 eq 1 or ''" },
        { "Text", "' or PartitionKey ne '" },
        { "Text", "ünïcödé ✓ 日本語 😀" },
        { "Text", "back\\slash & amp %20 +plus #hash ?q" },
        { "Long", long.MaxValue },
        { "Long", long.MinValue },
        { "Int", int.MinValue },
        { "Double", 0.1 + 0.2 },
        { "Double", -123456.789012345 },
        { "When", new DateTimeOffset(2024, 3, 10, 2, 30, 0, TimeSpan.FromHours(-8)).AddTicks(7) },
        { "When", new DateTimeOffset(2024, 3, 10, 23, 30, 0, TimeSpan.FromHours(13)) },
        { "Id", Guid.Parse("00000000-0000-0000-0000-0000000000ff") },
        { "Bytes", new byte[] { 0xFF, 0x00, 0x27, 0xFE } },
        { "Flag", false },
    };

    [Theory]
    [MemberData(nameof(HostileValues))]
    public async Task AFilterWithAHostileValueFindsExactlyTheEntityHoldingIt(string property, object value)
    {
        var table = await TestStorage.NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "target") { [property] = value });
        await table.AddEntityAsync(new TableEntity("p", "decoy") { [property] = Decoy(value) });
        await table.AddEntityAsync(new TableEntity("p", "other") { ["Unrelated"] = 1 });

        var found = new List<string>();
        await foreach (var entity in table.QueryAsync(FormattableFilter(property, value)))
        {
            found.Add(entity.RowKey);
        }

        Assert.Equal(["target"], found);
    }

    // Property names are code, not input; only the value is a hole.
    private static string FormattableFilter(string property, object value) =>
        TableClient.CreateQueryFilter(FormattableStringFactory.Create("PartitionKey eq {0} and " + property + " eq {1}", "p", value));

    private static object Decoy(object value) => value switch
    {
        string s => s + "x",
        long l => l == long.MaxValue ? l - 1 : l + 1,
        int i => i + 1,
        double d => d * 2,
        DateTimeOffset d => d.AddMilliseconds(1), // Azurite compares dates to the millisecond
        Guid _ => Guid.NewGuid(),
        byte[] b => b.Append((byte)0).ToArray(),
        bool b => !b,
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    internal static async Task FillPartitionAsync(TableClient table, string partition, int count)
    {
        var batches = Enumerable.Range(0, count).Chunk(100).Select(chunk => table.SubmitTransactionAsync(
            chunk.Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, Row(i)) { ["N"] = i, ["Pad"] = "x" }))));
        foreach (var group in batches.Chunk(8))
        {
            await Task.WhenAll(group);
        }
    }

    private static string Row(int i) => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<Azure.Page<TableEntity>> FirstPageAsync(IAsyncEnumerable<Azure.Page<TableEntity>> pages)
    {
        await foreach (var page in pages)
        {
            return page;
        }

        throw new InvalidOperationException("The query returned no page.");
    }
}
