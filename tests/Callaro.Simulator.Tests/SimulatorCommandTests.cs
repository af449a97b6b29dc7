using Callaro.Simulator.Configuration;
using Callaro.Simulator.Planning;

namespace Callaro.Simulator.Tests;

public sealed class SimulatorCommandTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 15, 30, 12, 345, TimeSpan.Zero);

    private static async Task<(int ExitCode, RunSettings? Settings)> Parse(params string[] args)
    {
        RunSettings? captured = null;
        var clock = new FixedClock(Now);
        var exit = await SimulatorCommand.Create((s, _) => { captured = s; return Task.FromResult(0); }, clock).Parse(args).InvokeAsync();
        return (exit, captured);
    }

    [Fact]
    public async Task TheDemoCommandLineMeansTodayUpToNowWithDefaultShares()
    {
        var (exit, settings) = await Parse("--url", "http://localhost:7071", "--calls", "300", "--date", "today");

        Assert.Equal(0, exit);
        Assert.Equal(new Uri("http://localhost:7071/"), settings!.AppUrl);
        Assert.Equal(300, settings.Plan.Calls);
        Assert.Equal(new DateOnly(2025, 3, 14), settings.Plan.Date);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 15, 30, 12, TimeSpan.Zero), settings.Plan.NotAfter);
        Assert.Equal(16, settings.Concurrency);
        Assert.True(settings.Verify);
        Assert.False(settings.SeedWasGiven);
        Assert.Empty(settings.Plan.Validate());
    }

    [Fact]
    public async Task SharesProvidersSeedAndSecretsAreTakenFromTheOptions()
    {
        var (_, settings) = await Parse("--date", "2025-03-01", "--seed", "9", "--missed", "0.3", "--providers", "twilio=3,callaro",
            "--twilio-auth-token", "tok", "--no-verify", "--batch", "50");

        Assert.Equal(new DateOnly(2025, 3, 1), settings!.Plan.Date);
        Assert.Equal(9, settings.Plan.Seed);
        Assert.True(settings.SeedWasGiven);
        Assert.Equal(0.3, settings.Plan.Missed);
        Assert.Equal(3, settings.Plan.Providers[Provider.Twilio]);
        Assert.Equal(1, settings.Plan.Providers[Provider.Callaro]);
        Assert.Equal("tok", settings.SecretOptions.TwilioAuthToken);
        Assert.Equal(50, settings.Plan.CallaroBatchSize);
        Assert.False(settings.Verify);
    }

    [Theory]
    [InlineData("--date", "14/03/2025")]
    [InlineData("--url", "localhost")]
    public async Task MalformedValuesExitWithTheUsageCode(string option, string value)
    {
        var (exit, settings) = await Parse(option, value);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Null(settings);
    }
}

/// <summary>A clock stopped at one instant.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
