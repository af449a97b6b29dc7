using Callaro.Core.CallLog;
using Callaro.Core.Calls;

namespace Callaro.Core.Tests.Integration;

public class MissedCallFollowUpStorageTests
{
    private static readonly DateTimeOffset Nine = new(2025, 3, 14, 9, 0, 0, TimeSpan.Zero);

    private static CallEvent Ev(string id, string callId, CallEventType type, DateTimeOffset at, CallDirection direction, string caller, string callee) => new()
    {
        EventId = id, Type = type, OccurredAt = at, CallId = callId, Source = "vonage", Direction = direction, Caller = caller, Callee = callee,
        StartedAt = type == CallEventType.Ringing ? at : null,
    };

    [Fact]
    public async Task ACallbackStoredBeforeTheMissedCallsOwnEventsStillLinksInEveryDeliveryOrder()
    {
        var missed = new[]
        {
            Ev("m-ring", "MISSED", CallEventType.Ringing, Nine, CallDirection.Incoming, "14155550123", "201"),
            Ev("m-miss", "MISSED", CallEventType.Missed, Nine.AddSeconds(25), CallDirection.Incoming, "14155550123", "201") with { ProviderStatus = "unanswered" },
        };
        var callback = new[]
        {
            Ev("c-ring", "CALLBACK", CallEventType.Ringing, Nine.AddMinutes(40), CallDirection.Outgoing, "201", "+1 415 555 0123"),
            Ev("c-ans", "CALLBACK", CallEventType.Answered, Nine.AddMinutes(40).AddSeconds(8), CallDirection.Outgoing, "201", "+1 415 555 0123"),
            Ev("c-done", "CALLBACK", CallEventType.Completed, Nine.AddMinutes(45), CallDirection.Outgoing, "201", "+1 415 555 0123") with { DurationSeconds = 290 },
        };
        foreach (var order in new[] { missed.Concat(callback), callback.Reverse().Concat(missed.Reverse()), [missed[1], callback[2], missed[0], callback[0], callback[1]] })
        {
            var storage = await TestStorage.CreateAsync();
            foreach (var e in order) await storage.Ingestor().IngestAsync([e]);

            var followUps = new MissedCallFollowUps(new TableCallLogRowSource(storage.Calls), MissedCallFollowUps.DefaultWindow);
            var record = await storage.Reader().GetAsync("default", "MISSED");
            var decided = await followUps.DecideAsync("default", TimeZoneInfo.Utc, [CallLogItem.Of(record!)]);

            Assert.Equal(new FollowUp(FollowUpState.CalledBack, "CALLBACK", Nine.AddMinutes(40), TimeSpan.FromMinutes(40)), decided["MISSED"]);
            var day = DateOnly.FromDateTime(Nine.UtcDateTime);
            var overview = await followUps.OverviewAsync(new CallLogQuery { Workspace = "default", From = day, To = day }, TimeZoneInfo.Utc, gaps: null);
            var (call, followUp) = Assert.Single(overview.Calls);
            Assert.Equal(("MISSED", FollowUpState.CalledBack, 25, "Nobody answered", "+14155550123"), (call.CallId, followUp!.State, call.RingSeconds, call.Reason, call.CallerE164));
        }
    }

    [Fact]
    public async Task TheListedItemOfARecordMatchesTheStoredLogRow()
    {
        var storage = await TestStorage.CreateAsync();
        await storage.Ingestor().IngestAsync([
            Ev("r", "C1", CallEventType.Ringing, Nine, CallDirection.Incoming, "14155550123", "201") with { OperatorId = "op-7", CampaignId = "support" },
            Ev("f", "C1", CallEventType.Failed, Nine.AddSeconds(3), CallDirection.Incoming, "14155550123", "201") with { ProviderStatus = "failed", FailureReason = "503" },
        ]);
        var row = Assert.Single(await storage.RowsAsync(CallTableKeys.DatePartition("default", new DateOnly(2025, 3, 14)), CallTableKeys.LogPrefix));
        var record = await storage.Reader().GetAsync("default", "C1");
        Assert.Equal(CallLogItem.Of(record!), CallLogRowMapper.ToItem(row));
    }
}
