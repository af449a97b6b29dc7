using Callaro.Core.Settings;

namespace Callaro.Core.Tests.Settings;

public class CampaignSettingsValidationTests
{
    [Fact]
    public void TheDefaultsExpectTheEndOfCallReportOnlyAndAreValid()
    {
        var d = CampaignSettings.Default;
        Assert.Empty(d.Validate());
        Assert.True(d.LoggingEnabled);
        Assert.False(d.RecordingEnabled);
        Assert.False(d.TranscriptionEnabled);
        Assert.False(d.CrmConnected);
        Assert.Empty(d.ExpectedFields);
        Assert.Equal(TimeSpan.FromMinutes(15), d.ReportGrace);
        Assert.Equal(TimeSpan.FromMinutes(15), d.RecordingGrace);
        Assert.Equal(TimeSpan.FromMinutes(30), d.TranscriptGrace);
        Assert.Equal(TimeSpan.FromMinutes(30), d.CrmGrace);
    }

    [Theory]
    [InlineData("reportGraceMinutes")]
    [InlineData("recordingGraceMinutes")]
    [InlineData("transcriptGraceMinutes")]
    [InlineData("crmGraceMinutes")]
    public void ANegativeGracePeriodIsRejectedUnderItsOwnName(string field)
    {
        var s = field switch
        {
            "reportGraceMinutes" => CampaignSettings.Default with { ReportGraceMinutes = -1 },
            "recordingGraceMinutes" => CampaignSettings.Default with { RecordingGraceMinutes = -1 },
            "transcriptGraceMinutes" => CampaignSettings.Default with { TranscriptGraceMinutes = -1 },
            _ => CampaignSettings.Default with { CrmGraceMinutes = -1 },
        };
        var errors = s.Validate();
        Assert.Equal([field], errors.Keys);
        Assert.Contains("cannot be negative", Assert.Single(errors[field]));
    }

    [Fact]
    public void AGracePeriodLongerThanAWeekIsRejected()
    {
        var errors = (CampaignSettings.Default with { CrmGraceMinutes = CampaignSettings.MaxGraceMinutes + 1 }).Validate();
        Assert.Contains("at most 10080", Assert.Single(errors["crmGraceMinutes"]));
        Assert.Empty((CampaignSettings.Default with { CrmGraceMinutes = CampaignSettings.MaxGraceMinutes }).Validate());
        Assert.Empty((CampaignSettings.Default with { CrmGraceMinutes = 0 }).Validate());
    }

    [Fact]
    public void AnOwnerOtherThanCallaroOrCrmIsRejectedNamingTheField()
    {
        var errors = (CampaignSettings.Default with { SourceOfTruth = new Dictionary<string, string> { ["stage"] = "erp", ["budget"] = "crm" } }).Validate();
        var message = Assert.Single(errors["sourceOfTruth.stage"]);
        Assert.Contains("'erp' is not an owner", message);
        Assert.Single(errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" budget")]
    [InlineData("bud\u0001get")]
    public void BadFieldNamesAreRejected(string name)
    {
        Assert.True((CampaignSettings.Default with { ExpectedFields = [name] }).Validate().ContainsKey("expectedFields"));
        Assert.True((CampaignSettings.Default with { SourceOfTruth = new Dictionary<string, string> { [name] = "crm" } }).Validate().ContainsKey("sourceOfTruth"));
    }

    [Fact]
    public void AFieldListedTwiceIsRejected()
    {
        var errors = (CampaignSettings.Default with { ExpectedFields = ["budget", "budget"] }).Validate();
        Assert.Contains("listed twice", Assert.Single(errors["expectedFields"]));
    }

    [Fact]
    public void TooManyExpectedFieldsAreRejected()
    {
        var many = Enumerable.Range(0, CampaignSettings.MaxFields + 1).Select(i => $"f{i}").ToList();
        Assert.Contains("at most 100", Assert.Single((CampaignSettings.Default with { ExpectedFields = many }).Validate()["expectedFields"]));
    }

    [Fact]
    public void FieldsAreOwnedByCallaroUnlessTheCrmIsNamed()
    {
        var s = CampaignSettings.Default with { SourceOfTruth = new Dictionary<string, string> { ["stage"] = "crm", ["budget"] = "callaro" } };
        Assert.Equal(FieldOwner.Crm, s.OwnerOf("stage"));
        Assert.Equal(FieldOwner.Callaro, s.OwnerOf("budget"));
        Assert.Equal(FieldOwner.Callaro, s.OwnerOf("unlisted"));
    }

    [Fact]
    public void SettingsWithTheSameContentAreEqual()
    {
        var a = CampaignSettings.Default with { ExpectedFields = ["a", "b"], SourceOfTruth = new Dictionary<string, string> { ["a"] = "crm" } };
        var b = CampaignSettings.Default with { ExpectedFields = new List<string> { "a", "b" }, SourceOfTruth = new Dictionary<string, string> { ["a"] = "crm" } };
        Assert.Equal(a, b);
        Assert.NotEqual(a, b with { ExpectedFields = ["b", "a"] });
    }

    [Theory]
    [InlineData("sales-2025", true)]
    [InlineData("a/b", false)]
    [InlineData("what?", false)]
    [InlineData("hash#tag", false)]
    [InlineData("", false)]
    public void CampaignIdsMustBeStorableKeys(string id, bool valid) => Assert.Equal(valid, CampaignSettingsStore.IsValidCampaignId(id));
}
