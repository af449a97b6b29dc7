using Callaro.Core.Settings;
using Callaro.Core.Tests.Health;

namespace Callaro.Core.Tests.Settings;

public class CampaignSettingsStoreTests
{
    [Fact]
    public async Task SettingsAreStoredPerWorkspaceAndReadBack()
    {
        var storage = await HealthStorage.CreateAsync();
        var store = new CampaignSettingsStore(storage.Tables, storage.Names);
        var sales = new CampaignSettings
        {
            TranscriptionEnabled = true, CrmConnected = true, ExpectedFields = ["budget"],
            SourceOfTruth = new Dictionary<string, string> { ["stage"] = CampaignSettings.Crm }, TranscriptGraceMinutes = 240,
        };

        await store.SetAsync("acme", "sales", sales);

        var read = await store.GetAsync("acme", "sales");
        Assert.NotNull(read);
        Assert.Equal((true, true, 240), (read.TranscriptionEnabled, read.CrmConnected, read.TranscriptGraceMinutes));
        Assert.Equal(["budget"], read.ExpectedFields);
        Assert.Equal("crm", read.SourceOfTruth["stage"]);
        Assert.Null(await store.GetAsync("other", "sales"));
        Assert.Equal(["sales"], (await store.ListAsync("acme")).Keys);
    }
}
