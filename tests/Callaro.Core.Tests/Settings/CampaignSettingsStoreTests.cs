using Callaro.Core.Settings;
using Callaro.Core.Tests.Integration;

namespace Callaro.Core.Tests.Settings;

public class CampaignSettingsStoreTests
{
    private static readonly CampaignSettings Sales = new()
    {
        RecordingEnabled = true, TranscriptionEnabled = true, CrmConnected = true,
        ExpectedFields = ["budget", "nextStep"],
        SourceOfTruth = new Dictionary<string, string> { ["stage"] = CampaignSettings.Crm, ["budget"] = CampaignSettings.Callaro },
        ReportGraceMinutes = 5, RecordingGraceMinutes = 0, TranscriptGraceMinutes = 240, CrmGraceMinutes = 60,
    };

    [Fact]
    public async Task StoredSettingsReadBackAsWritten()
    {
        var storage = await TestStorage.CreateAsync();
        await new CampaignSettingsStore(storage.Service, storage.Names).SetAsync("ws1", "sales", Sales);

        var fresh = new CampaignSettingsStore(storage.Service, storage.Names);
        Assert.Equal(Sales, await fresh.GetAsync("ws1", "sales"));
        Assert.Equal(Sales, await fresh.FindAsync("ws1", "sales"));
    }

    [Fact]
    public async Task ACampaignNobodyConfiguredReadsAsTheDefaultsAndACallWithoutACampaignExpectsNothingMore()
    {
        var storage = await TestStorage.CreateAsync();
        var store = new CampaignSettingsStore(storage.Service, storage.Names);

        Assert.Null(await store.FindAsync("ws1", "never"));
        Assert.Equal(CampaignSettings.Default, await store.GetAsync("ws1", "never"));
        Assert.Equal(CampaignSettings.CallOnly, await store.GetForCallAsync("ws1", null));
        Assert.False(CampaignSettings.CallOnly.LoggingEnabled);
    }

    [Fact]
    public async Task CampaignsOfOneWorkspaceAreNotSeenFromAnother()
    {
        var storage = await TestStorage.CreateAsync();
        var store = new CampaignSettingsStore(storage.Service, storage.Names);
        await store.SetAsync("ws1", "sales", Sales);

        Assert.Equal(CampaignSettings.Default, await new CampaignSettingsStore(storage.Service, storage.Names).GetAsync("ws2", "sales"));
        Assert.Equal(["sales"], (await store.ListAsync("ws1")).Keys);
        Assert.Empty(await store.ListAsync("ws2"));
    }

    [Fact]
    public async Task InvalidSettingsAreRejectedAndNothingIsStored()
    {
        var storage = await TestStorage.CreateAsync();
        var store = new CampaignSettingsStore(storage.Service, storage.Names);
        await store.SetAsync("ws1", "sales", Sales);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.SetAsync("ws1", "sales", Sales with { TranscriptGraceMinutes = -10 }));
        Assert.Contains("cannot be negative", error.Message);

        Assert.Equal(Sales, await new CampaignSettingsStore(storage.Service, storage.Names).GetAsync("ws1", "sales"));
    }

    [Fact]
    public async Task AnotherInstanceSeesAChangeOnceItsCacheExpires()
    {
        var storage = await TestStorage.CreateAsync();
        var clock = new FixedClock(DateTimeOffset.UtcNow);
        var reader = new CampaignSettingsStore(storage.Service, storage.Names, clock);
        Assert.Equal(CampaignSettings.Default, await reader.GetAsync("ws1", "sales"));

        await new CampaignSettingsStore(storage.Service, storage.Names).SetAsync("ws1", "sales", Sales);
        storage.Counter.Reset();

        Assert.Equal(CampaignSettings.Default, await reader.GetAsync("ws1", "sales"));
        Assert.Equal(0, storage.Counter.Count);

        clock.Now += CampaignSettingsStore.DefaultCacheDuration;
        Assert.Equal(Sales, await reader.GetAsync("ws1", "sales"));
        Assert.Equal(1, storage.Counter.Count);
    }
}
