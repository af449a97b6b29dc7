using Callaro.Core;
using Callaro.Core.Calls;
using Callaro.Core.Health;
using Azure.Data.Tables;

/// <summary>
/// Writes a day of calls in the call table's real layout (record, log, alert and number rows, from the core's
/// own projection), with recording and transcript summaries folded into most records as the blob triggers
/// do, in entity group transactions.
/// </summary>
internal static class BenchSeed
{
    public static readonly IReadOnlyDictionary<string, CampaignHealthSettings> Campaigns = new Dictionary<string, CampaignHealthSettings>
    {
        ["c0"] = new() { TranscriptionEnabled = true, RecordingEnabled = true, CrmConnected = true, ExpectedFields = ["budget"] },
        ["c1"] = new() { TranscriptionEnabled = true },
    };

    public static async Task SeedAsync(TableServiceClient tables, StorageNames names, string workspace, DateOnly date, int count)
    {
        var calls = tables.GetTableClient(names.CallsTable);
        var dayStart = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var callRows = new List<TableEntity>();
        var writes = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            var id = "CA" + i.ToString("x32");
            var start = dayStart.AddSeconds(i * 86_000.0 / count);
            var record = CallRecord.Fold(Events(workspace, id, i, start).Concat(Attachments(workspace, id, i, start)));
            var projection = CallProjection.Of(record, TimeZoneInfo.Utc);
            callRows.Add(CallTables.ToEntity(projection.Record));
            callRows.AddRange(projection.Rows.Select(CallTables.ToEntity));
            if (callRows.Count >= 96) { writes.Add(Batch(calls, callRows)); callRows = []; }
            if (writes.Count >= 16) { await Task.WhenAll(writes); writes.Clear(); }
        }
        if (callRows.Count > 0) writes.Add(Batch(calls, callRows));
        await Task.WhenAll(writes);
    }

    private static Task Batch(TableClient table, List<TableEntity> rows) =>
        table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)).ToList());

    private static IEnumerable<CallEvent> Events(string workspace, string id, int i, DateTimeOffset start)
    {
        var campaign = "c" + (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var status = (i % 20) switch { 0 => CallEventType.Missed, 1 => CallEventType.Failed, _ => CallEventType.Completed };
        var answered = status == CallEventType.Completed;
        yield return new CallEvent
        {
            EventId = id + "-end", Type = status, OccurredAt = start.AddMinutes(5), CallId = id, WorkspaceId = workspace, Source = "callaro",
            CampaignId = campaign, Direction = i % 2 == 0 ? CallDirection.Incoming : CallDirection.Outgoing,
            Caller = "+4930" + (i % 9973).ToString("D7"), Callee = "+4940" + (i % 7919).ToString("D7"),
            StartedAt = start, AnsweredAt = answered ? start.AddSeconds(12) : null, EndedAt = start.AddMinutes(5),
        };
        if (!answered) yield break;
        yield return new CallEvent
        {
            EventId = id + "-logged", Type = CallEventType.CallLogged, OccurredAt = start.AddMinutes(6), CallId = id, WorkspaceId = workspace, Source = "callaro",
            Report = new CallReport(i % 13 == 0 ? null : "interested", "Customer asked for a quote.",
                new Dictionary<string, CallFieldValue> { ["budget"] = new(Number: 5000 + i % 7) }),
        };
        if (campaign == "c0")
        {
            yield return new CallEvent
            {
                EventId = id + "-crm", Type = CallEventType.CrmActivity, OccurredAt = start.AddMinutes(7), CallId = id, WorkspaceId = workspace, Source = "callaro",
                Crm = new CrmActivity("hubspot", "r" + i, "note", i % 17 != 0, i % 17 != 0 ? null : "timeout",
                    new Dictionary<string, CallFieldValue> { ["outcome"] = new(Text: "interested") },
                    new Dictionary<string, CallFieldValue> { ["outcome"] = new(Text: i % 23 == 0 ? "lost" : "interested") }),
            };
        }
    }

    /// <summary>What the blob triggers fold in for 70% of completed calls (every 50th transcript unreadable).</summary>
    private static IEnumerable<CallEvent> Attachments(string workspace, string id, int i, DateTimeOffset start)
    {
        if ((i % 20) is 0 or 1 || i % 10 >= 7) yield break;
        var readable = i % 50 != 0;
        yield return new CallEvent
        {
            EventId = id + "-rec", Type = CallEventType.RecordingAttached, OccurredAt = start.AddMinutes(6), CallId = id, WorkspaceId = workspace, Source = "blob",
            Attachment = new AttachedBlob(AttachedBlobState.Available, start.AddMinutes(6), "recordings", id + ".wav", "0x8D" + i),
        };
        yield return new CallEvent
        {
            EventId = id + "-tr", Type = CallEventType.TranscriptAttached, OccurredAt = start.AddMinutes(9), CallId = id, WorkspaceId = workspace, Source = "blob",
            Attachment = readable
                ? new AttachedBlob(AttachedBlobState.Available, start.AddMinutes(9), "transcripts", id + ".vtt", "0x8D" + i, "en", 412)
                : new AttachedBlob(AttachedBlobState.Unreadable, start.AddMinutes(9), "transcripts", id + ".json", "0x8D" + i, UnreadableReason: "The JSON is malformed."),
        };
    }
}
