using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Functions.Tests.Attachments;
using Callaro.Functions.Tests.Infrastructure;
using Callaro.Functions.Tests.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Callaro.Functions.Tests.CallLog;

/// <summary>
/// "Was everything logged?" on the call detail page and in <c>GET /api/calls/{callId}</c>: the campaign's settings
/// (stored through the settings API), the attachments (through the blob trigger) and a fixed clock, against Azurite.
/// </summary>
public sealed partial class CallLoggingStatesTests
{
    private static readonly DateTimeOffset End = new(2026, 3, 10, 9, 55, 0, TimeSpan.Zero);

    private sealed class Fixture : IAsyncDisposable
    {
        public FixedClock Clock { get; } = new(End.AddMinutes(5));
        public CallaroApplication App { get; }

        public Fixture()
        {
            App = AttachmentKit.CreateApp().WithServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
            App.Start();
        }

        public async Task ConfigureCampaignAsync(string campaignId, string body)
        {
            using var admin = App.CreateAdminClient();
            using var response = await admin.PutAsync($"/api/campaigns/{campaignId}", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        /// <summary>An answered call of the campaign that ended at <see cref="End"/>, plus any extra events.</summary>
        public async Task<string> CompletedCallAsync(string campaignId, params Func<string, CallEvent>[] more)
        {
            var callId = AttachmentKit.NewCallId();
            CallEvent Event(string suffix, CallEventType type, DateTimeOffset at) => new()
            {
                EventId = callId + suffix, Type = type, OccurredAt = at, CallId = callId, Source = "callaro", ReceivedAt = at,
                CampaignId = campaignId, StartedAt = End.AddMinutes(-4), Direction = CallDirection.Outgoing, Caller = "+4930123456", Callee = "+4915112345678",
            };
            await App.Services.GetRequiredService<CallIngestor>().IngestAsync(
            [
                Event("-a", CallEventType.Answered, End.AddMinutes(-3)) with { AnsweredAt = End.AddMinutes(-3) },
                Event("-c", CallEventType.Completed, End) with { AnsweredAt = End.AddMinutes(-3), EndedAt = End },
                .. more.Select(m => m(callId)),
            ]);
            return callId;
        }

        public async Task<JsonElement> LoggingJsonAsync(string callId)
        {
            using var reader = App.CreateReaderClient();
            using var response = await reader.GetAsync($"/api/calls/{callId}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            return JsonDocument.Parse(body).RootElement.GetProperty("logging").Clone();
        }

        public async Task<string> DetailHtmlAsync(string callId, string query = "")
        {
            using var reader = App.CreateReaderClient();
            return await reader.GetStringAsync($"/api/log/calls/{callId}{query}");
        }

        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }

    /// <summary>The visible text of the element whose opening tag carries <paramref name="attribute"/> (an id or data-field), tags stripped and decoded.</summary>
    private static string RowText(string html, string attribute)
    {
        var match = Regex.Match(html, "<tr " + Regex.Escape(attribute) + "[^>]*>(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(match.Success, $"The page has no row {attribute}:\n{html}");
        return Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(match.Groups[1].Value, " ")), " ").Trim();
    }

    private static string State(JsonElement logging, string piece) => logging.GetProperty(piece).GetProperty("state").GetString()!;

    [Fact]
    public async Task AMissingTranscriptIsPendingWithinItsGraceAndMissingFromItsDeadlineOn()
    {
        await using var f = new Fixture();
        await f.ConfigureCampaignAsync("sales", """{"transcriptionEnabled": true, "transcriptGraceMinutes": 30}""");
        var callId = await f.CompletedCallAsync("sales");

        var pending = await f.LoggingJsonAsync(callId);
        Assert.Equal("pending", State(pending, "transcript"));
        Assert.Equal("2026-03-10T10:25:00Z", pending.GetProperty("transcript").GetProperty("pendingUntil").GetString());
        var row = RowText(await f.DetailHtmlAsync(callId, "?tz=Europe/Berlin&locale=de-DE"), "id=\"logging-transcript\"");
        Assert.StartsWith("Transcript pending", row);
        Assert.Contains("pending until 10.03.2026 11:25:00", row); // the deadline in the reader's zone and locale

        f.Clock.Now = End.AddMinutes(30);

        var missing = await f.LoggingJsonAsync(callId);
        Assert.Equal("missing", State(missing, "transcript"));
        Assert.Contains("was expected by", missing.GetProperty("transcript").GetProperty("reason").GetString());
        var late = RowText(await f.DetailHtmlAsync(callId), "id=\"logging-transcript\"");
        Assert.StartsWith("Transcript missing was due 3/10/2026 10:25:00", late); // the workspace's defaults: UTC, en-US
    }

    [Fact]
    public async Task ARecordingTheCampaignDoesNotEnableIsNotEnabledRatherThanMissing()
    {
        await using var f = new Fixture();
        await f.ConfigureCampaignAsync("quiet", """{"recordingEnabled": false}""");
        var callId = await f.CompletedCallAsync("quiet");
        f.Clock.Now = End.AddDays(2);

        var logging = await f.LoggingJsonAsync(callId);
        Assert.Equal("notEnabled", State(logging, "recording"));
        var row = RowText(await f.DetailHtmlAsync(callId), "id=\"logging-recording\"");
        Assert.StartsWith("Recording not enabled", row);
        Assert.Contains("The campaign does not enable recording.", row);
    }

    [Fact]
    public async Task AnUnreadableTranscriptIsShownAsUnreadableWithItsReason()
    {
        await using var f = new Fixture();
        await f.ConfigureCampaignAsync("sales", """{"transcriptionEnabled": true}""");
        var callId = await f.CompletedCallAsync("sales");
        await f.App.UploadTranscriptAsync($"{callId}.json", "{\"segments\": [");
        await f.App.TriggerTranscriptAsync($"{callId}.json");

        var logging = await f.LoggingJsonAsync(callId);
        Assert.Equal("unreadable", State(logging, "transcript"));
        Assert.Contains("not valid JSON", logging.GetProperty("transcript").GetProperty("reason").GetString());
        var row = RowText(await f.DetailHtmlAsync(callId), "id=\"logging-transcript\"");
        Assert.StartsWith("Transcript unreadable", row);
        Assert.Contains("not valid JSON", row);
    }

    [Fact]
    public async Task EachFieldShowsTheSystemThatOwnsItAndCapturedNamesStayText()
    {
        await using var f = new Fixture();
        await f.ConfigureCampaignAsync("sales", """
            {"crmConnected": true, "expectedFields": ["stage", "budget"], "sourceOfTruth": {"stage": "crm"}}
            """);
        var callId = await f.CompletedCallAsync("sales", id => new CallEvent
        {
            EventId = id + "-l", Type = CallEventType.CallLogged, OccurredAt = End.AddMinutes(1), ReceivedAt = End.AddMinutes(1), CallId = id, Source = "callaro",
            Report = new CallReport("booked", "Demo booked.", new Dictionary<string, CallFieldValue>
            {
                ["budget"] = new(Number: 5000), ["<img src=x onerror=alert(1)>"] = new(Text: "<script>alert(1)</script>"),
            }),
        });

        var fields = (await f.LoggingJsonAsync(callId)).GetProperty("fields").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        Assert.Equal(("crm", "pending"), (fields["stage"].GetProperty("owner").GetString(), fields["stage"].GetProperty("state").GetString()));
        Assert.Equal(("callaro", "logged", "5000"), (fields["budget"].GetProperty("owner").GetString(), fields["budget"].GetProperty("state").GetString(),
            fields["budget"].GetProperty("value").GetString()));

        var html = await f.DetailHtmlAsync(callId);
        Assert.StartsWith("stage — CRM pending pending until", RowText(html, "data-field=\"stage\""));
        Assert.StartsWith("budget 5000 Callaro logged", RowText(html, "data-field=\"budget\""));
        Assert.StartsWith("Outcome and summary logged", RowText(html, "id=\"logging-outcome\""));
        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Fact]
    public async Task AMissedCallExpectsNoRecordingOrTranscript()
    {
        await using var f = new Fixture();
        await f.ConfigureCampaignAsync("sales", """{"recordingEnabled": true, "transcriptionEnabled": true}""");
        var callId = AttachmentKit.NewCallId();
        await f.App.Services.GetRequiredService<CallIngestor>().IngestAsync([new CallEvent
        {
            EventId = callId + "-m", Type = CallEventType.Missed, OccurredAt = End, ReceivedAt = End, CallId = callId, Source = "callaro",
            CampaignId = "sales", StartedAt = End.AddSeconds(-30), EndedAt = End, Direction = CallDirection.Incoming, Caller = "+4915112345678", Callee = "+4930123456",
        }]);
        f.Clock.Now = End.AddDays(1);

        var logging = await f.LoggingJsonAsync(callId);
        Assert.Equal(("notExpected", "notExpected"), (State(logging, "recording"), State(logging, "transcript")));
        var html = await f.DetailHtmlAsync(callId);
        Assert.StartsWith("Recording not expected", RowText(html, "id=\"logging-recording\""));
        Assert.StartsWith("Transcript not expected", RowText(html, "id=\"logging-transcript\""));
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
