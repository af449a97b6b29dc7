using Callaro.Functions.Telemetry;

namespace Callaro.Functions.Tests.Telemetry;

public sealed class TelemetryScrubbingTests
{
    [Theory]
    [InlineData("+14155550123", "+*******0123")]
    [InlineData("+1 (415) 555-0123", "+*******0123")]
    [InlineData("004930222333", "********2333")]
    [InlineData("201", "**1")]
    [InlineData("", "")]
    public void APhoneNumberKeepsOnlyItsLastDigits(string number, string masked) =>
        Assert.Equal(masked, PhoneNumberMask.Mask(number));

    [Fact]
    public void NumbersInsideTextAreMaskedAndShortFiguresKept() =>
        Assert.Equal("RowKey='n012+*******0123_x' status 503 in 250 ms",
            PhoneNumberMask.MaskNumbersIn("RowKey='n012+14155550123_x' status 503 in 250 ms"));

    [Fact]
    public void AUrlKeepsItsQueryParameterNamesOnly() =>
        Assert.Equal("https://a.example/api/calls?number=*&date=*",
            TelemetryScrubber.WithoutQueryValues("https://a.example/api/calls?number=%2B14155550123&date=2026-01-01"));

    [Theory]
    [InlineData("Authorization=AAD;ClientId=5f1c0d2e-0000-4000-8000-000000000001", "5f1c0d2e-0000-4000-8000-000000000001")]
    [InlineData("ClientId=abc; Authorization=aad", "abc")]
    [InlineData("Authorization=AAD", null)]
    public void TheExporterSignsInAsTheIdentityTheAuthenticationStringNames(string setting, string? clientId) =>
        Assert.Equal(new TelemetryIdentity(clientId), TelemetryIdentity.Parse(setting));

    [Fact]
    public void WithoutAnAuthenticationStringTheConnectionStringSignsIn() => Assert.Null(TelemetryIdentity.Parse(" "));

    [Fact]
    public void AnAuthenticationStringApplicationInsightsWouldRefuseStopsStartUpNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TelemetryIdentity.Parse("Authorization=Key"));
        Assert.Contains("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", error.Message, StringComparison.Ordinal);
    }
}
