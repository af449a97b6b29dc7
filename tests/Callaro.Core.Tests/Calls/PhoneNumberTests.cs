using Callaro.Core.Calls;

namespace Callaro.Core.Tests.Calls;

public class PhoneNumberTests
{
    [Theory]
    [InlineData("+14155550123")]
    [InlineData("14155550123")] // Vonage sends no '+'
    [InlineData("+1 (415) 555-0123")]
    [InlineData("001 415 555 0123")]
    [InlineData(" +1.415.555.0123 ")]
    public void EverySpellingOfANumberHasTheSameE164Form(string spelling) =>
        Assert.Equal("+14155550123", PhoneNumber.ToE164(spelling));

    [Theory]
    [InlineData("201")] // an internal extension
    [InlineData("client:alice")]
    [InlineData("sip:alice@example.com")]
    [InlineData("4155550123")] // national, country unknown
    [InlineData("02071838750")] // national with trunk prefix
    [InlineData("+1415555012345678")] // too long for E.164
    [InlineData("Anonymous")]
    [InlineData("")]
    public void WhatIsNotAnInternationalNumberHasNoE164Form(string value) => Assert.Null(PhoneNumber.ToE164(value));

    [Fact]
    public void ExtensionsClientsAndSipUrisAreIndexedAsSent()
    {
        Assert.Equal("client:alice", PhoneNumber.IndexForm("client:alice"));
        Assert.Equal("201", PhoneNumber.IndexForm(" 201 "));
        Assert.Equal("+442071838750", PhoneNumber.IndexForm("00 44 20 7183 8750"));
    }

    [Fact]
    public void TheNumberAsSentIsKeptAndTheE164FormIsStoredBesideIt()
    {
        var record = CallRecord.Fold([new CallEvent
        {
            EventId = "v1", Type = CallEventType.Ringing, OccurredAt = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero), CallId = "V1", Source = "vonage",
            Caller = "14155550123", Callee = "+1 415 555 0123", Direction = CallDirection.Incoming,
        }]);
        var rows = CallProjection.Of(record, TimeZoneInfo.Utc).Rows;
        var log = rows.Single(r => r.RowKey.StartsWith(CallTableKeys.LogPrefix, StringComparison.Ordinal));
        Assert.Equal(("14155550123", "+14155550123", "+1 415 555 0123", "+14155550123"),
            (log.Properties["Caller"], log.Properties["CallerE164"], log.Properties["Callee"], log.Properties["CalleeE164"]));
        // Both parties are the same number in its one form: one index row, found by any spelling.
        var number = Assert.Single(rows, r => r.RowKey.StartsWith(CallTableKeys.NumberPrefix, StringComparison.Ordinal));
        Assert.StartsWith(Core.CallLog.CallLogLayout.NumberRowPrefix("+1 (415) 555-0123"), number.RowKey, StringComparison.Ordinal);
    }

    [Fact]
    public void ANumberIsIndexedByItsLastFourToTenDigits()
    {
        Assert.Equal(["0123", "50123", "550123", "5550123", "55550123", "155550123", "4155550123"], PhoneNumber.IndexSuffixes("14155550123"));
        Assert.Equal(["2010", "32010"], PhoneNumber.IndexSuffixes("32010")); // an extension long enough to end in four digits
        Assert.Empty(PhoneNumber.IndexSuffixes("201"));
        Assert.Empty(PhoneNumber.IndexSuffixes("client:alice"));
        Assert.Empty(PhoneNumber.IndexSuffixes("sip:1234@example.com"));
    }

    [Theory]
    [InlineData("0123", "0123")]
    [InlineData("555-0123", "5550123")]
    [InlineData("(415) 555-0123", "4155550123")] // national form: found by the E.164 number's last ten digits
    [InlineData("020 7183 8750", "2071838750")] // with a trunk prefix, cut to the last ten
    public void FourOrMoreDigitsThatAreNotAWholeNumberSearchByTheEnd(string search, string suffix) =>
        Assert.Equal(suffix, PhoneNumber.SearchSuffix(search));

    [Theory]
    [InlineData("+1 415 555 0123")]
    [InlineData("14155550123")]
    [InlineData("201")]
    [InlineData("client:alice")]
    public void WholeNumbersAndShortExtensionsAreSearchedAsThemselves(string search) => Assert.Null(PhoneNumber.SearchSuffix(search));
}
