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
