using System.Net;
using System.Text.Json;
using Callaro.Core.Calls;
using Callaro.Core.Workspaces;

namespace Callaro.Functions.Tests.CallLog;

/// <summary>The call log over Azurite, filled through the ingestor as webhooks fill it.</summary>
public sealed class StoredCallLogTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task IngestedCallsAreListedNewestFirstWithAlertsFlagged()
    {
        await using var storage = await StoredLog.CreateAsync();
        await storage.CallAsync("default", "first", Morning, CallStatus.Completed);
        await storage.CallAsync("default", "second", Morning.AddMinutes(5), CallStatus.Missed);
        await using var host = await CallLogTestHost.StartAsync(storage: storage);

        var all = await Json(await host.Client().GetAsync("/api/calls?date=2026-03-10"));
        var alerts = await Json(await host.Client().GetAsync("/api/calls?date=2026-03-10&view=alerts"));

        Assert.Equal(["second", "first"], all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("callId").GetString()));
        Assert.Equal("00:01:00", all.GetProperty("items")[1].GetProperty("duration").GetString());
        Assert.Equal(["second"], alerts.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("callId").GetString()));
        Assert.True(alerts.GetProperty("items")[0].GetProperty("alert").GetBoolean());
    }

    private static CallEvent Ev(string callId, CallEventType type, DateTimeOffset at, CallDirection direction, string caller, string callee) => new()
    {
        EventId = callId + "-" + type, Type = type, OccurredAt = at, CallId = callId, Source = "vonage", ReceivedAt = at,
        Direction = direction, Caller = caller, Callee = callee, StartedAt = type == CallEventType.Ringing ? at : null,
        ProviderStatus = type == CallEventType.Missed ? "busy" : null, FailureReason = type == CallEventType.Missed ? "486" : null,
    };

    /// <summary>An open missed call at 08:00, a missed call at 09:00 called back at 10:00 (stored first, to another spelling of the number).</summary>
    private static async Task<StoredLog> MissedAndCalledBackAsync()
    {
        var storage = await StoredLog.CreateAsync();
        await storage.Ingestor.IngestAsync([
            Ev("CB", CallEventType.Ringing, Morning.AddHours(1), CallDirection.Outgoing, "201", "+1 (415) 555-0123"),
            Ev("CB", CallEventType.Answered, Morning.AddHours(1).AddSeconds(5), CallDirection.Outgoing, "201", "+1 (415) 555-0123"),
            Ev("CB", CallEventType.Completed, Morning.AddHours(1).AddMinutes(4), CallDirection.Outgoing, "201", "+1 (415) 555-0123") with { DurationSeconds = 230 },
        ]);
        await storage.Ingestor.IngestAsync([
            Ev("M-OPEN", CallEventType.Ringing, Morning.AddHours(-1), CallDirection.Incoming, "+4930999", "201"),
            Ev("M-OPEN", CallEventType.Missed, Morning.AddHours(-1).AddSeconds(40), CallDirection.Incoming, "+4930999", "201"),
            Ev("M-BACK", CallEventType.Ringing, Morning, CallDirection.Incoming, "14155550123", "201") with { OperatorId = "op-7" },
            Ev("M-BACK", CallEventType.Missed, Morning.AddSeconds(18), CallDirection.Incoming, "14155550123", "201"),
        ]);
        return storage;
    }

    [Fact]
    public async Task AMissedCallShowsHowLongItRangWhyAndWhetherTheCallerWasCalledBack()
    {
        await using var storage = await MissedAndCalledBackAsync();
        await using var host = await CallLogTestHost.StartAsync(storage: storage);

        var alerts = (await Json(await host.Client().GetAsync("/api/calls?date=2026-03-10&view=alerts"))).GetProperty("items");
        var back = alerts.EnumerateArray().Single(i => i.GetProperty("callId").GetString() == "M-BACK");
        var open = alerts.EnumerateArray().Single(i => i.GetProperty("callId").GetString() == "M-OPEN");

        Assert.Equal((18, "The line was busy (SIP 486)", "op-7", "+14155550123"),
            (back.GetProperty("ringSeconds").GetInt32(), back.GetProperty("reason").GetString(), back.GetProperty("operatorId").GetString(), back.GetProperty("callerE164").GetString()));
        var followUp = back.GetProperty("followUp");
        Assert.Equal(("calledBack", "CB", 3600L, "/api/calls/CB", "2026-03-10T10:00:00Z"),
            (followUp.GetProperty("state").GetString(), followUp.GetProperty("callbackCallId").GetString(), followUp.GetProperty("secondsToCallback").GetInt64(),
             followUp.GetProperty("callbackLink").GetString(), followUp.GetProperty("callbackStartedAt").GetString()));
        Assert.Equal("open", open.GetProperty("followUp").GetProperty("state").GetString());

        var record = await Json(await host.Client().GetAsync("/api/calls/M-BACK"));
        Assert.Equal(("calledBack", "CB"), (record.GetProperty("followUp").GetProperty("state").GetString(), record.GetProperty("followUp").GetProperty("callbackCallId").GetString()));
    }

    [Fact]
    public async Task TheMissedTabCountsOpenCallsAndListsThemFirst()
    {
        await using var storage = await MissedAndCalledBackAsync();
        await using var host = await CallLogTestHost.StartAsync(storage: storage);

        var page = await host.Client().GetStringAsync("/api/log?date=2026-03-10&view=alerts");

        Assert.Contains("<strong>1 open</strong> · 1 called back", page);
        Assert.True(page.IndexOf("/api/log/calls/M-OPEN", StringComparison.Ordinal) < page.IndexOf("/api/log/calls/M-BACK", StringComparison.Ordinal),
            "the open missed call is listed before the newer one that was called back");
        Assert.Contains("called back after 1 h 0 min", page);
        Assert.Contains("rang 18 s", page);
        var detail = await host.Client().GetStringAsync("/api/log/calls/M-BACK");
        Assert.Contains("Called back after 1 h 0 min: <a href=\"/api/log/calls/CB\">CB</a>", detail);
    }

    [Fact]
    public async Task TheMissedTabsFollowUpLineCountsWhatTheFiltersKeep()
    {
        await using var storage = await MissedAndCalledBackAsync();
        await using var host = await CallLogTestHost.StartAsync(storage: storage);
        var client = host.Client();
        (string Filters, string? Line)[] cases =
        [
            ("operator=op-7", "<strong>0 open</strong> · 1 called back"),
            ("number=4930999", "<strong>1 open</strong> · 0 called back"),
            ("number=%2B1%20415%20555%200123&direction=incoming", "<strong>0 open</strong> · 1 called back"),
            ("campaign=spring", null), ("direction=outgoing", null), ("status=failed", null), ("hasRecording=true", null), ("incomplete=true", null),
        ];

        foreach (var (filters, line) in cases)
        {
            var page = await client.GetStringAsync("/api/log?date=2026-03-10&view=alerts&" + filters);
            if (line is null) Assert.False(page.Contains("id=\"followups\"", StringComparison.Ordinal), $"{filters} still counts follow-ups");
            else Assert.True(page.Contains(line, StringComparison.Ordinal), $"{filters} should count {line}");
        }
    }

    [Theory]
    [InlineData("14155550123")]
    [InlineData("+1 (415) 555-0123")]
    [InlineData("001 415 555 0123")]
    public async Task ANumberIsFoundInAnySpelling(string spelling)
    {
        await using var storage = await MissedAndCalledBackAsync();
        await using var host = await CallLogTestHost.StartAsync(storage: storage);

        var found = await Json(await host.Client().GetAsync("/api/calls?date=2026-03-10&number=" + Uri.EscapeDataString(spelling)));

        Assert.Equal(["CB", "M-BACK"], found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("callId").GetString()));
    }

    [Fact]
    public async Task TheWorkspacesTimeZoneDecidesTheDayAndTheLocalTime()
    {
        await using var storage = await StoredLog.CreateAsync();
        await storage.Settings.SetAsync("berlin", new WorkspaceSettings("Europe/Berlin", "de-DE"));
        await storage.CallAsync("berlin", "late", new DateTimeOffset(2026, 3, 10, 23, 30, 0, TimeSpan.Zero), CallStatus.Completed);
        await using var host = await CallLogTestHost.StartAsync(now: new DateTimeOffset(2026, 3, 10, 23, 45, 0, TimeSpan.Zero), storage: storage);

        var today = await Json(await host.Client().GetAsync("/api/calls?workspace=berlin"));
        var utcDay = await Json(await host.Client().GetAsync("/api/calls?workspace=berlin&date=2026-03-10"));

        Assert.Equal("2026-03-11", today.GetProperty("date").GetString());
        Assert.Equal("late", today.GetProperty("items")[0].GetProperty("callId").GetString());
        Assert.Equal("11.03.2026 00:30:00", today.GetProperty("items")[0].GetProperty("startedAtLocal").GetString());
        Assert.Equal(0, utcDay.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task TheDetailPageAndTheDealTimelineShowStoredCalls()
    {
        await using var storage = await StoredLog.CreateAsync();
        await storage.CallAsync("default", "deal-call-1", Morning, CallStatus.Completed, dealId: "D-9");
        await storage.CallAsync("default", "deal-call-2", Morning.AddHours(1), CallStatus.Failed, dealId: "D-9");
        await storage.CallAsync("default", "other", Morning.AddHours(2), CallStatus.Completed, dealId: "D-10");
        await using var host = await CallLogTestHost.StartAsync(storage: storage);

        var detail = await host.Client().GetStringAsync("/api/log/calls/deal-call-1");
        var deal = await host.Client().GetStringAsync("/api/log/deals/D-9");
        var missing = await host.Client().GetAsync("/api/log/calls/nobody");

        Assert.Contains("call.ringing", detail);
        Assert.Contains("call.completed", detail);
        Assert.Contains("00:01:00", detail);
        Assert.True(deal.IndexOf("deal-call-2", StringComparison.Ordinal) < deal.IndexOf("deal-call-1", StringComparison.Ordinal), "newest first");
        Assert.DoesNotContain("/api/log/calls/other", deal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}

public sealed class CallByIdTests
{
    [Fact]
    public async Task ACallIsReturnedWithEverythingLoggedAndAnUnknownIdIsA404()
    {
        await using var storage = await StoredLog.CreateAsync();
        await storage.CallAsync("default", "by-id", new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero), Callaro.Core.Calls.CallStatus.Missed);
        await using var host = await CallLogTestHost.StartAsync(storage: storage);

        var found = JsonDocument.Parse(await host.Client().GetStringAsync("/api/calls/by-id")).RootElement;
        var missing = await host.Client().GetAsync("/api/calls/nope");

        Assert.Equal("missed", found.GetProperty("status").GetString());
        Assert.True(found.GetProperty("alert").GetBoolean());
        Assert.Equal("2026-03-10T09:00:00Z", found.GetProperty("startedAt").GetString());
        Assert.Equal(2, found.GetProperty("history").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }
}
