using System.Text;
using System.Text.Json;
using Callaro.Functions.Invocations;
using Callaro.Functions.Triggers;
using Microsoft.Extensions.Configuration;

namespace Callaro.Functions.Tests.Invocations;

public class HostPayloadReadingTests
{
    private static async Task<(HostInvocation? Invocation, string? Problem)> Read(string json) =>
        await HostInvocation.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), CancellationToken.None);

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{\"Metadata\":{}}", "no 'Data' object")]
    [InlineData("{\"Data\":[],\"Metadata\":{}}", "no 'Data' object")]
    [InlineData("{\"Data\":{}}", "no 'Metadata' object")]
    public async Task PayloadsNotShapedLikeTheHostsAreRefusedWithAReason(string json, string expected)
    {
        var (invocation, problem) = await Read(json);
        Assert.Null(invocation);
        Assert.Contains(expected, problem);
    }

    [Fact]
    public async Task MetadataNamesAreMatchedWhateverTheirCasingAndPropertiesMayBeAJsonString()
    {
        var (read, _) = await Read("""{"data":{},"metadata":{"Name":"a.mp3","Properties":"{\"ETag\":\"\\\"0x1\\\"\"}"}}""");
        using var invocation = read!;
        Assert.Equal("a.mp3", invocation.MetadataString("name"));
        Assert.True(invocation.MetadataObject("properties", out var properties));
        Assert.Equal("\"0x1\"", properties.GetProperty("ETag").GetString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(70000)]
    public void Base64PrefixDecodesExactlyTheLeadingBytes(int length)
    {
        var bytes = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(new { blob = Convert.ToBase64String(bytes) }));
        Assert.True(HostValues.TryDecodeBase64Prefix(document.RootElement.GetProperty("blob"), 65536, out var prefix));
        Assert.Equal(bytes.Take(65536), prefix);
    }

    [Fact]
    public void EscapedBase64AsSomeSerializersWriteItIsDecodedToo()
    {
        // System.Text.Json escapes '+' as \u002B by default.
        var bytes = new byte[] { 0xFB, 0xEF, 0xBE, 0x01 };
        using var document = JsonDocument.Parse($"{{\"blob\":{JsonSerializer.Serialize(Convert.ToBase64String(bytes))}}}");
        Assert.Contains("\\u002B", document.RootElement.GetRawText());
        Assert.True(HostValues.TryDecodeBase64Prefix(document.RootElement.GetProperty("blob"), 1024, out var decoded));
        Assert.Equal(bytes, decoded);
    }

    [Theory]
    [InlineData("\"not base64!\"")]
    [InlineData("\"QUJD\\u0000\"")]
    [InlineData("42")]
    public void NonBase64ContentIsRefused(string value)
    {
        using var document = JsonDocument.Parse($"{{\"blob\":{value}}}");
        Assert.False(HostValues.TryDecodeBase64Prefix(document.RootElement.GetProperty("blob"), 1024, out _));
    }
}

public class FunctionDefinitionTests
{
    [Fact]
    public void TheAppsOwnFunctionJsonFilesDeclareBothBlobTriggers()
    {
        var root = Path.Combine(RepositoryRoot(), "src", "Callaro.Functions", "Functions");
        // The paths name app settings, so a prefixed deployment's host watches the prefixed containers.
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CallaroRecordingsContainer"] = "p1recordings",
            ["CallaroTranscriptsContainer"] = "p1transcripts",
        }).Build();
        var definitions = FunctionDefinitions.Load(root, settings);
        Assert.Contains(new BlobTriggerDefinition("RecordingBlobTrigger", "blob", "p1recordings", "LogsAndContainerScan"), definitions.Blobs);
        Assert.Contains(new BlobTriggerDefinition("TranscriptBlobTrigger", "blob", "p1transcripts", "LogsAndContainerScan"), definitions.Blobs);
        Assert.Empty(definitions.Problems);
    }

    [Fact]
    public void TimerScheduleTakesAppSettingsLikeTheHost()
    {
        var root = Directory.CreateTempSubdirectory();
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "Nightly"));
            File.WriteAllText(Path.Combine(root.FullName, "Nightly", "function.json"),
                """{"bindings":[{"type":"timerTrigger","direction":"in","name":"myTimer","schedule":"%Report__Schedule%","runOnStartup":true}]}""");
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Report:Schedule"] = "0 30 6 * * *" }).Build();

            var definitions = FunctionDefinitions.Load(root.FullName, configuration);

            Assert.Equal([new TimerTriggerDefinition("Nightly", "myTimer", "0 30 6 * * *", true)], definitions.Timers);
            Assert.Empty(definitions.Problems);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("0 30 6 * * *", "2026-11-21T06:29:59Z", "2026-11-21T06:30:00Z")]
    [InlineData("*/5 * * * * *", "2026-11-21T06:29:59Z", "2026-11-21T06:30:00Z")]
    [InlineData("00:10:00", "2026-11-21T06:00:00Z", "2026-11-21T06:10:00Z")]
    public void SchedulesAreSixFieldNcrontabOrIntervals(string schedule, string after, string expected)
    {
        Assert.True(LocalTriggerRunner.TryNextOccurrence(schedule, DateTimeOffset.Parse(after), out var next, out _));
        Assert.Equal(DateTimeOffset.Parse(expected), next);
    }

    [Fact]
    public void FiveFieldCronIsRefusedBecauseTheHostReadsSixFields()
    {
        Assert.False(LocalTriggerRunner.TryNextOccurrence("30 6 * * *", DateTimeOffset.UtcNow, out _, out var problem));
        Assert.Contains("6 fields", problem);
    }

    [Theory]
    [InlineData("a.mp3", "a.mp3")]
    [InlineData("acme/a#1?.wav", "acme%2Fa%231%3F.wav")]
    public void ReceiptKeysCarryNoCharactersTableKeysForbid(string blobName, string expected) =>
        Assert.Equal(expected, TriggerReceipts.RowKeyFor(blobName));

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Callaro.Functions.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Callaro.Functions.sln not found above the test folder.");
    }
}
