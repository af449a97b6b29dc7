using System.Text.Json;
using Callaro.Core.Health;
using Callaro.Core.Settings;

namespace Callaro.Core.Tests.Settings;

public class CampaignSettingsTests
{
    private static (CampaignSettings? Settings, IReadOnlyDictionary<string, string[]> Errors) Parse(string json) =>
        CampaignSettings.Parse(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void AFullBodyIsRead()
    {
        var (settings, errors) = Parse("""
            {"loggingEnabled":true,"recordingEnabled":true,"transcriptionEnabled":true,"crmConnected":true,
             "expectedFields":["budget","nextStep"],"sourceOfTruth":{"stage":"crm","budget":"callaro"},
             "transcriptGraceMinutes":240,"recordingGraceMinutes":30,"crmGraceMinutes":15,"reportGraceMinutes":10}
            """);
        Assert.Empty(errors);
        Assert.Equal(["budget", "nextStep"], settings!.ExpectedFields);
        var health = settings.ToHealthSettings();
        Assert.Equal(["stage"], health.CrmOwnedFields);
        Assert.Equal(TimeSpan.FromHours(4), health.TranscriptGrace);
        Assert.Equal(TimeSpan.FromMinutes(10), health.OutcomeGrace);
    }

    [Fact]
    public void MissingMembersTakeTheirDefaults()
    {
        var (settings, errors) = Parse("""{"transcriptionEnabled":true}""");
        Assert.Empty(errors);
        Assert.Equal(CampaignSettings.Default with { TranscriptionEnabled = true }, settings! with { ExpectedFields = CampaignSettings.Default.ExpectedFields, SourceOfTruth = CampaignSettings.Default.SourceOfTruth });
    }

    [Theory]
    [InlineData("""{"recordingEnabld":true}""", "recordingEnabld", "Unknown setting")]
    [InlineData("""{"transcriptGraceMinutes":-5}""", "transcriptGraceMinutes", "0 to 10080")]
    [InlineData("""{"crmGraceMinutes":"soon"}""", "crmGraceMinutes", "whole number")]
    [InlineData("""{"sourceOfTruth":{"stage":"erp"}}""", "sourceOfTruth", "\"callaro\" or \"crm\"")]
    [InlineData("""{"expectedFields":[""]}""", "expectedFields", "field names")]
    [InlineData("""{"crmConnected":"yes"}""", "crmConnected", "true or false")]
    public void InvalidSettingsAreRejectedWithTheFieldNamed(string json, string field, string message)
    {
        var (settings, errors) = Parse(json);
        Assert.Null(settings);
        Assert.Contains(message, Assert.Single(errors[field]));
    }

    [Theory]
    [InlineData("sales-2025", true)]
    [InlineData("a/b", false)]
    [InlineData("what?", false)]
    [InlineData("", false)]
    public void CampaignIdsMustBeStorableKeys(string id, bool valid) => Assert.Equal(valid, CampaignSettingsStore.IsValidCampaignId(id));
}
