using Callaro.Core.Calls;
using Callaro.Core.Ingestion;
using Callaro.Core.Tests.Integration;
using Xunit.Abstractions;

namespace Callaro.Core.Tests.Calls;

public class CallRecordLimitTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2025, 3, 14, 10, 0, 0, TimeSpan.Zero);

    // An unassigned code point: the record's JSON escapes it as \uXXXX, six stored characters for one sent.
    private const char Costly = '\u0378';

    private static string Longest(int length, string tag) => tag + new string(Costly, length - tag.Length);

    private static CallEvent Ev(string id, CallEventType type, int second, string callId = "CA1") => new()
    {
        EventId = id, Type = type, OccurredAt = Start.AddSeconds(second), CallId = callId, Source = "callaro", ReceivedAt = Start.AddHours(1),
    };

    private static Dictionary<string, CallFieldValue> Values(int count, int textLength, string tag) =>
        Enumerable.Range(0, count).ToDictionary(i => $"{tag}{i:D3}", i => new CallFieldValue(Text: new string(Costly, textLength)));

    private static CallEvent Crm(string id, int second, int values = 100, int textLength = 8_000) =>
        Ev(id, CallEventType.CrmActivity, second) with
        {
            Crm = new CrmActivity("hubspot", "r1", "note", Succeeded: false, Error: new string(Costly, 2_048),
                Sent: Values(values, textLength, "s"), Observed: Values(values, textLength, "o")),
        };

    [Fact]
    public async Task FiveLargeCrmActivitiesLeaveTheCallAcceptingItsStatusEvents()
    {
        var storage = await TestStorage.CreateAsync();
        var ingestor = storage.Ingestor();
        await ingestor.IngestAsync([Ev("ring", CallEventType.Ringing, 0)]);

        // ~121 KB each as sent; together they used to push the record past Table Storage's 1 MiB entity limit.
        for (var i = 0; i < 5; i++)
        {
            await ingestor.IngestAsync([Crm($"crm{i}", 10 + i, values: 15, textLength: 4_000)]);
        }

        Assert.Equal(new IngestResult(1, 0), await ingestor.IngestAsync([Ev("done", CallEventType.Completed, 60) with { DurationSeconds = 55 }]));
        var record = (await storage.Reader().GetAsync("default", "CA1"))!;
        Assert.Equal(CallStatus.Completed, record.Status);
        Assert.Equal(5, record.CrmActivities.Count);
        var sent = record.CrmActivities[0].Activity.Sent!;
        Assert.Contains(sent.Values, v => v.Text!.EndsWith("more characters not kept]", StringComparison.Ordinal));
        Assert.Contains(CallContentBounds.NotKeptName, sent.Keys);
    }

    [Fact]
    public void ALongSummaryIsCutWithAVisibleMarker()
    {
        var summary = new string('x', 5_000) + new string(Costly, 3_000);
        var record = CallRecord.Fold([Ev("log", CallEventType.CallLogged, 5) with { Report = new CallReport("sale", summary, null) }]);

        var kept = record.Report!.Summary!;
        Assert.StartsWith(new string('x', 5_000), kept, StringComparison.Ordinal);
        Assert.EndsWith("more characters not kept]", kept, StringComparison.Ordinal);
        Assert.True(CallContentBounds.StoredLength(kept) <= CallContentBounds.SummaryBudget);
    }

    [Fact]
    public void TheLargestRecordValidEventsCanBuildFitsAndStillTakesStatusEvents()
    {
        // Every id, number and text as long and as costly to store as the event rules allow.
        CallEvent Worst(string tag, CallEventType type, int second) => Ev(Longest(256, tag), type, second, Longest(256, "call")) with
        {
            ProviderStatus = Longest(256, "ps"), FailureReason = Longest(256, "fr"), CampaignId = Longest(256, "c" + tag),
            DealId = Longest(256, "d" + tag), OperatorId = Longest(256, "o" + tag), Caller = Longest(128, "a"), Callee = Longest(128, "b"),
            Direction = CallDirection.Incoming, Source = new string('s', 32), Sequence = long.MaxValue - second,
        };

        var record = CallRecord.Empty("default", Longest(256, "call"));
        long largest = 0;
        var refusedContent = 0;
        void Offer(params CallEvent[] events)
        {
            var after = events.Aggregate(record, (r, e) => r.Apply(e));
            try
            {
                CallRecordLimits.ThrowIfUnkeepable(record, after, events);
            }
            catch (CallRecordLimitException)
            {
                // A status event is never refused below the event cap.
                Assert.All(events, e => Assert.Null(CallFacts.StatusOf(e.Type)));
                refusedContent++;
                return;
            }

            record = after;
            largest = Math.Max(largest, CallRecordLimits.RecordBytes(record));
        }

        for (var i = 0; i < 30; i++)
        {
            Offer(Worst($"crm{i}", CallEventType.CrmActivity, 100 + i) with
            {
                Crm = new CrmActivity(Longest(256, "sys"), Longest(256, "rec"), "note", false, new string(Costly, 2_048), Values(100, 8_000, $"s{i}"), Values(100, 8_000, $"o{i}")),
            });
        }

        Offer(Worst("log", CallEventType.CallLogged, 200) with { Report = new CallReport(Longest(256, "out"), new string(Costly, 8_000), Values(100, 8_000, "f")) });
        Offer(Worst("rec", CallEventType.RecordingCompleted, 210) with { Recording = new ProviderRecording(Longest(256, "R"), new string(Costly, 2_048), 60, 2) });
        foreach (var (type, second) in new[] { (CallEventType.RecordingAttached, 220), (CallEventType.TranscriptAttached, 230) })
        {
            Offer(Worst($"att{second}", type, second) with
            {
                Attachment = new AttachedBlob(AttachedBlobState.Available, Start, Longest(256, "ct"), new string(Costly, 2_048), Longest(256, "et"),
                    Longest(256, "lang"), 100, null),
            });
        }

        // Then status events, a delivery of 100 at a time, until the call holds as many events as a call keeps:
        // every one must be taken.
        var statuses = new[] { CallEventType.Ringing, CallEventType.Answered, CallEventType.Completed, CallEventType.Missed, CallEventType.Failed };
        for (var batch = 0; record.EventCount < CallRecordLimits.MaxEvents; batch++)
        {
            var room = CallRecordLimits.MaxEvents - record.EventCount;
            Offer([.. Enumerable.Range(batch * 100, Math.Min(100, room)).Select(i => Worst($"st{i}", statuses[i % statuses.Length], i % 90))]);
        }

        output.WriteLine($"Largest record entity reachable through valid events: {largest:N0} bytes (Table Storage limit 1,048,576); content events refused: {refusedContent}");
        Assert.True(largest <= CallRecordLimits.MaxRecordBytes, $"{largest:N0} bytes");
        Assert.Equal(CallRecordLimits.MaxEvents, record.EventCount);
        Assert.Throws<CallRecordLimitException>(() => CallRecordLimits.ThrowIfUnkeepable(record, record.Apply(Worst("one-more", CallEventType.Ringing, 1)), []));
    }
}
