using System.Net;
using System.Text.Json;
using Callaro.Core.Calls;
using Callaro.Core.Settings;
using Callaro.Core.Workspaces;

namespace Callaro.Functions.Tests.CallLog;

/// <summary>
/// The log's operator, campaign, recording and "logging incomplete" filters, names from settings and date ranges, over
/// Azurite through the app (list, export and page).
/// </summary>
public sealed class CallLogFilterTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private static Task AnsweredAsync(StoredLog storage, string callId, DateTimeOffset at, string? operatorId, string? campaignId, bool recorded = false)
    {
        CallEvent Event(CallEventType type, DateTimeOffset when) => new()
        {
            EventId = callId + "-" + type, Type = type, OccurredAt = when, CallId = callId, Source = "callaro", ReceivedAt = when,
            Direction = CallDirection.Incoming, Caller = "+15550001", Callee = "+4930100", StartedAt = at, AnsweredAt = at.AddSeconds(5), EndedAt = at.AddMinutes(2),
            DurationSeconds = 115, OperatorId = operatorId, CampaignId = campaignId,
            Recording = type == CallEventType.RecordingCompleted ? new ProviderRecording("RE" + callId, null, 115, 1) : null,
        };
        List<CallEvent> events = [Event(CallEventType.Completed, at.AddMinutes(2))];
        if (recorded) events.Add(Event(CallEventType.RecordingCompleted, at.AddMinutes(3)));
        return storage.Ingestor.IngestAsync(events);
    }

    private static async Task<List<string>> IdsAsync(HttpClient client, string query)
    {
        var json = JsonDocument.Parse(await client.GetStringAsync("/api/calls?date=2026-03-10&" + query)).RootElement;
        return json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("callId").GetString()!).ToList();
    }

    [Fact]
    public async Task OperatorCampaignAndRecordingFiltersNarrowTheLogTheExportAndTheCounts()
    {
        await using var storage = await StoredLog.CreateAsync();
        await AnsweredAsync(storage, "dana-spring", Morning, "op-7", "spring", recorded: true);
        await AnsweredAsync(storage, "dana-plain", Morning.AddMinutes(10), "op-7", null);
        await AnsweredAsync(storage, "lee-spring", Morning.AddMinutes(20), "op-9", "spring");
        await storage.CallAsync("default", "missed", Morning.AddMinutes(30), CallStatus.Missed);
        await using var host = await CallLogTestHost.StartAsync(storage: storage);
        var client = host.Client();

        Assert.Equal(["dana-plain", "dana-spring"], await IdsAsync(client, "operator=op-7"));
        Assert.Equal(["lee-spring", "dana-spring"], await IdsAsync(client, "campaign=spring"));
        Assert.Equal(["dana-spring"], await IdsAsync(client, "hasRecording=true"));
        Assert.Equal(["missed", "lee-spring", "dana-plain"], await IdsAsync(client, "hasRecording=false"));
        Assert.Equal(["lee-spring"], await IdsAsync(client, "campaign=spring&operator=op-9&direction=incoming"));

        var csv = await client.GetStringAsync("/api/calls/export?date=2026-03-10&campaign=spring");
        Assert.Equal(3, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("dana-plain", csv);

        var page = await client.GetStringAsync("/api/log?date=2026-03-10&view=all&operator=op-7");
        Assert.Contains("id=\"tab-all\" aria-current=\"page\">All <span class=\"count\">2</span>", page);
        Assert.Contains("id=\"tab-alerts\">Missed &amp; failed <span class=\"count\">0</span>", page);
        Assert.Contains("operator=op-7\" id=\"download-csv\"", page);
    }

    [Fact]
    public async Task LoggingIncompleteListsTheCallsWhoseCallPageShowsAGap()
    {
        await using var storage = await StoredLog.CreateAsync();
        var campaigns = new CampaignSettingsStore(storage.Service, storage.Names, cacheFor: TimeSpan.Zero);
        await campaigns.SetAsync("default", "recorded", new CampaignSettings { LoggingEnabled = false, RecordingEnabled = true });
        await campaigns.SetAsync("default", "quiet", new CampaignSettings { LoggingEnabled = false });
        await AnsweredAsync(storage, "no-recording", Morning, "op-7", "recorded");
        await AnsweredAsync(storage, "with-recording", Morning.AddMinutes(10), "op-7", "recorded", recorded: true);
        await AnsweredAsync(storage, "nothing-expected", Morning.AddMinutes(20), "op-7", "quiet");
        await AnsweredAsync(storage, "plain", Morning.AddMinutes(30), null, null);
        // Judged at 18:00: the recording's 15 minutes of grace are long over.
        await using var host = await CallLogTestHost.StartAsync(storage: storage);
        var client = host.Client();

        Assert.Equal(["no-recording"], await IdsAsync(client, "incomplete=true"));
        var record = JsonDocument.Parse(await client.GetStringAsync("/api/calls/no-recording")).RootElement;
        Assert.Equal("missing", record.GetProperty("logging").GetProperty("recording").GetProperty("state").GetString());
        var complete = JsonDocument.Parse(await client.GetStringAsync("/api/calls/with-recording")).RootElement;
        Assert.Equal("logged", complete.GetProperty("logging").GetProperty("recording").GetProperty("state").GetString());

        var page = await client.GetStringAsync("/api/log?date=2026-03-10&view=all&incomplete=true");
        Assert.Contains("name=\"incomplete\" value=\"true\" checked", page);
        Assert.Contains("id=\"tab-all\" aria-current=\"page\">All <span class=\"count\">1</span>", page);
        Assert.Contains("/api/log/calls/no-recording", page);
        Assert.DoesNotContain("/api/log/calls/plain", page);
    }

    [Fact]
    public async Task ACursorOnlyWorksWithTheFiltersItWasIssuedFor()
    {
        await using var storage = await StoredLog.CreateAsync();
        await AnsweredAsync(storage, "a", Morning, "op-7", "spring");
        await AnsweredAsync(storage, "b", Morning.AddMinutes(1), "op-7", "spring");
        await using var host = await CallLogTestHost.StartAsync(storage: storage);
        var client = host.Client();

        var first = JsonDocument.Parse(await client.GetStringAsync("/api/calls?date=2026-03-10&operator=op-7&pageSize=1")).RootElement;
        var cursor = Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!);
        var same = await IdsAsync(client, $"operator=op-7&pageSize=1&cursor={cursor}");
        var otherOperator = await client.GetAsync($"/api/calls?date=2026-03-10&operator=op-9&pageSize=1&cursor={cursor}");
        var otherRecording = await client.GetAsync($"/api/calls?date=2026-03-10&operator=op-7&hasRecording=false&pageSize=1&cursor={cursor}");

        Assert.Equal(["a"], same);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (otherOperator.StatusCode, otherRecording.StatusCode));
        Assert.Contains("issued for a different workspace, range or filters", await otherOperator.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BadFiltersAndRangesAreProblemsNamingTheParameter()
    {
        await using var storage = await StoredLog.CreateAsync();
        await AnsweredAsync(storage, "a", Morning, "op-7", null);
        await using var host = await CallLogTestHost.StartAsync(storage: storage);
        var client = host.Client();

        var recording = await client.GetAsync("/api/calls?date=2026-03-10&hasRecording=maybe");
        var tooLong = await client.GetAsync("/api/calls/export?date=2026-01-01&to=2026-06-30");
        var longOperator = await client.GetAsync("/api/calls?date=2026-03-10&operator=" + new string('o', 300));
        var page = await client.GetAsync("/api/log?date=2026-01-01&to=2026-06-30");

        Assert.Equal("hasRecording must be 'true' or 'false'.", Errors(await recording.Content.ReadAsStringAsync(), "hasRecording"));
        Assert.Equal("A range may span at most 92 days; ask for a shorter range.", Errors(await tooLong.Content.ReadAsStringAsync(), "to"));
        Assert.Equal("operator must be 1 to 256 characters.", Errors(await longOperator.Content.ReadAsStringAsync(), "operator"));
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("A range may span at most 92 days", await page.Content.ReadAsStringAsync());
    }

    private static string Errors(string problem, string name) =>
        JsonDocument.Parse(problem).RootElement.GetProperty("errors").GetProperty(name)[0].GetString()!;

    [Fact]
    public async Task NamesFromSettingsShowWhereKnownAndIdsOtherwise()
    {
        await using var storage = await StoredLog.CreateAsync();
        await storage.Settings.SetAsync("default", WorkspaceSettings.Default with
        {
            Operators = new Dictionary<string, string> { ["op-7"] = "Dana <Whitfield>" },
            Deals = new Dictionary<string, string> { ["deal-1"] = "Acme renewal" },
        });
        var campaigns = new CampaignSettingsStore(storage.Service, storage.Names, cacheFor: TimeSpan.Zero);
        await campaigns.SetAsync("default", "spring", new CampaignSettings { Name = "=Spring promo" });
        await AnsweredAsync(storage, "named", Morning, "op-7", "spring");
        await AnsweredAsync(storage, "unnamed", Morning.AddMinutes(1), "op-9", "autumn");
        await using var host = await CallLogTestHost.StartAsync(storage: storage);
        var client = host.Client();

        var items = JsonDocument.Parse(await client.GetStringAsync("/api/calls?date=2026-03-10")).RootElement.GetProperty("items");
        var named = items.EnumerateArray().Single(i => i.GetProperty("callId").GetString() == "named");
        var unnamed = items.EnumerateArray().Single(i => i.GetProperty("callId").GetString() == "unnamed");
        Assert.Equal(("Dana <Whitfield>", "=Spring promo"), (named.GetProperty("operatorName").GetString(), named.GetProperty("campaignName").GetString()));
        Assert.False(unnamed.TryGetProperty("operatorName", out _));

        var csv = await client.GetStringAsync("/api/calls/export?date=2026-03-10");
        Assert.Contains(",named,Dana <Whitfield>,'=Spring promo,no,no", csv);
        Assert.Contains(",unnamed,op-9,autumn,no,no", csv);

        var page = await client.GetStringAsync("/api/log?date=2026-03-10&view=all");
        Assert.Contains("Dana &lt;Whitfield&gt;<div class=\"who\">=Spring promo</div>", page);
        Assert.Contains("<option value=\"op-7\">Dana &lt;Whitfield&gt;</option>", page);
        Assert.Contains("<option value=\"spring\">=Spring promo</option>", page);
        Assert.DoesNotContain("Dana <Whitfield>", page);

        var call = await client.GetStringAsync("/api/log/calls/named");
        Assert.Contains("<dd>Dana &lt;Whitfield&gt; (op-7)</dd>", call);
        Assert.Contains("<dd>=Spring promo (spring)</dd>", call);
    }

    [Fact]
    public async Task ARangeOfDaysIsReadTogetherAndItsLinksKeepTheRangeAndFilters()
    {
        await using var storage = await StoredLog.CreateAsync();
        await AnsweredAsync(storage, "monday", Morning.AddDays(-1), "op-7", null);
        await AnsweredAsync(storage, "tuesday", Morning, "op-7", null);
        await AnsweredAsync(storage, "tuesday-other", Morning.AddMinutes(5), "op-9", null);
        await using var host = await CallLogTestHost.StartAsync(storage: storage);
        var client = host.Client();

        var range = JsonDocument.Parse(await client.GetStringAsync("/api/calls?date=2026-03-09&to=2026-03-10&operator=op-7")).RootElement;
        Assert.Equal(["tuesday", "monday"], range.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("callId").GetString()).ToList());

        var page = await client.GetStringAsync("/api/log?date=2026-03-09&to=2026-03-10&view=all&operator=op-7");
        Assert.Contains("<input type=\"date\" name=\"date\" value=\"2026-03-09\" required>", page);
        Assert.Contains("<input type=\"date\" name=\"to\" value=\"2026-03-10\">", page);
        Assert.Contains("<input type=\"hidden\" name=\"operator\" value=\"op-7\">", page);
        Assert.Contains("href=\"/api/log?date=2026-03-07&amp;to=2026-03-08&amp;view=all&amp;operator=op-7\" rel=\"prev\" id=\"earlier\">← Previous 2 days</a>", page);
        Assert.Contains("/api/calls/export?date=2026-03-09&amp;to=2026-03-10&amp;view=all&amp;operator=op-7", page);
        Assert.Contains("back=date%3D2026-03-09%26to%3D2026-03-10%26view%3Dall%26operator%3Dop-7", page);
        Assert.Contains("All <span class=\"count\">2</span>", page);
    }
}
