using Callaro.Core.CallLog;

namespace Callaro.Core.Tests.CallLog;

public class CallLogCsvTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+14155550123", "'+14155550123")]
    [InlineData("-1", "'-1")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("201", "201")]
    [InlineData("", "")]
    public void CellsAreNeutralisedAndQuotedAsRfc4180Asks(string cell, string written) => Assert.Equal(written, CallLogCsv.Line([cell]));

    [Fact]
    public void DurationsReadAsHoursMinutesAndSeconds() =>
        Assert.Equal(["00:00:00", "00:00:59", "01:02:05", "100:00:00"], new[] { -4, 59, 3725, 360_000 }.Select(CallLogCsv.Duration));
}
