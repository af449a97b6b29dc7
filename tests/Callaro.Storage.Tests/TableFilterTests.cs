using System.Globalization;
using Callaro.Storage.Tables;

namespace Callaro.Storage.Tests;

public sealed class TableFilterTests
{
    public static TheoryData<object?, string> Literals() => new()
    {
        { "plain", "'plain'" },
        { "O'Brien", "'O''Brien'" },
        { "'' or 1 eq 1 or ''", "''''' or 1 eq 1 or '''''" },
        { "ünïcödé ✓", "'ünïcödé ✓'" },
        { 42, "42" },
        { -7, "-7" },
        { long.MaxValue, "9223372036854775807L" },
        { long.MinValue, "-9223372036854775808L" },
        { 123L, "123L" },
        { 0.1, "0.1" },
        { 1.0, "1.0" },
        { 1e300, "1E+300" },
        { true, "true" },
        { false, "false" },
        { new DateTimeOffset(2024, 3, 10, 2, 30, 0, TimeSpan.FromHours(-8)), "datetime'2024-03-10T10:30:00.0000000Z'" },
        { new DateTimeOffset(2024, 1, 1, 5, 0, 0, TimeSpan.FromHours(13)).AddTicks(1), "datetime'2023-12-31T16:00:00.0000001Z'" },
        { Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), "guid'0f8fad5b-d9cb-469f-a165-70867728950e'" },
        { new byte[] { 0xFF, 0x00, 0x10 }, "X'ff0010'" },
        { BinaryData.FromBytes(new byte[] { 0xFF, 0xFE }), "X'fffe'" },
        { null, "null" },
    };

    [Theory]
    [MemberData(nameof(Literals))]
    public void EveryValueIsWrittenAsAnODataLiteralOfItsOwnType(object? value, string expected)
    {
        var filter = TableClient.CreateQueryFilter($"Prop eq {value}");

        Assert.Equal("Prop eq " + expected, filter);
    }

    [Fact]
    public void ACultureWithCommaDecimalsAndOtherDigitsChangesNothing()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            var filter = TableClient.CreateQueryFilter($"A eq {1.5} and B eq {new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero)} and C eq {1234567L}");

            Assert.Equal("A eq 1.5 and B eq datetime'2024-01-02T03:04:05.0000000Z' and C eq 1234567L", filter);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void AFormatSpecifierCannotUnquoteAString()
    {
        var filter = TableClient.CreateQueryFilter($"Name eq {"x' or 'a' eq 'a":X}");

        Assert.Equal("Name eq 'x'' or ''a'' eq ''a'", filter);
    }

    [Fact]
    public void NaNCannotBeCompared()
    {
        Assert.Throws<ArgumentException>(() => TableClient.CreateQueryFilter($"D eq {double.NaN}"));
    }
}
