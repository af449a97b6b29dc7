using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Callaro.Core.CallLog;
using Callaro.Core.Calls;
using Callaro.Core.Tests.CallLog;

namespace Callaro.CallLog.Benchmarks;

/// <summary>
/// A day of N calls in its own workspace (<c>bench-N</c>), written as the app writes it: each call's record folded
/// from its events and projected by <see cref="CallProjection"/> into its log, alert, number and suffix rows, sent
/// straight to the table in entity group transactions of 100 (the ingestion path costs two transactions a call).
/// </summary>
internal static class SeededDay
{
    public static readonly DateOnly Day = new(2026, 1, 1);

    /// <summary>The callee of every seeded call.</summary>
    public const string EveryCall = "+4930100";

    /// <summary>The caller of 1 call in 1,000.</summary>
    public const string OneInAThousand = "+15550007";

    private const string MarkerRowKey = "~seeded";
    private const int Parallel = 8;
    private static readonly DateTimeOffset ReceivedAt = new(2026, 1, 2, 0, 0, 0, TimeSpan.Zero);

    public static string Workspace(int size) => "bench-" + size.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reuses the day when its marker names exactly these calls in today's row layout; clears and seeds it otherwise.</summary>
    public static async Task EnsureAsync(TableClient table, int size)
    {
        var workspace = Workspace(size);
        var pk = CallLogLayout.PartitionKey(workspace, Day);
        var layout = Fingerprint(Calls(workspace, size).Take(100));
        var marker = await table.GetEntityIfExistsAsync<TableEntity>(pk, MarkerRowKey);
        if (marker.HasValue && marker.Value!.GetInt32("Calls") == size && marker.Value.GetString("Layout") == layout) return;

        var sw = Stopwatch.StartNew();
        var cleared = await ClearAsync(table, pk);
        await LayoutSeeder.WriteRowsAsync(table, Calls(workspace, size).SelectMany(Rows).Select(CallTables.ToEntity), Parallel);
        await table.UpsertEntityAsync(new TableEntity(pk, MarkerRowKey) { ["Calls"] = size, ["Layout"] = layout });
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seeded {size:N0} calls into {pk} in {sw.Elapsed.TotalSeconds:F1}s{(cleared > 0 ? $" (cleared {cleared:N0} rows of an earlier seed first)" : "")}"));
    }

    private static IEnumerable<CallProjection> Calls(string workspace, int size)
    {
        var start = new DateTimeOffset(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        for (var i = 0; i < size; i++)
        {
            var startedAt = start.AddMilliseconds(86_000_000.0 * i / size);
            yield return CallProjection.Of(CallRecord.Fold([Ended(workspace, "b" + i.ToString("D6", CultureInfo.InvariantCulture), i, startedAt)]), TimeZoneInfo.Utc);
        }
    }

    private static CallEvent Ended(string workspace, string callId, int i, DateTimeOffset startedAt)
    {
        var type = i % 7 == 0 ? CallEventType.Missed : i % 11 == 0 ? CallEventType.Failed : CallEventType.Completed;
        var answered = type == CallEventType.Completed;
        return new CallEvent
        {
            EventId = callId + "-end", Type = type, OccurredAt = startedAt.AddMinutes(2), ReceivedAt = ReceivedAt, CallId = callId, WorkspaceId = workspace,
            Source = "callaro", Direction = (CallDirection)(i % 3), Caller = "+1555" + (i % 1000).ToString("D4", CultureInfo.InvariantCulture), Callee = EveryCall,
            StartedAt = startedAt, AnsweredAt = answered ? startedAt.AddSeconds(30) : null, EndedAt = startedAt.AddMinutes(2),
            DurationSeconds = answered ? 90 : null, FailureReason = type == CallEventType.Failed ? "busy" : null,
        };
    }

    // Every row the reads here can touch: log, alert, whole-number and 4-digit suffix rows. The call records and the
    // longer suffixes have keys of their own that no read here comes near; leaving them out shortens the seeding and
    // keeps the emulator's memory (it holds every row) within reach of a 100,000-call day.
    private static IEnumerable<StoredRow> Rows(CallProjection call) =>
        call.Rows.Where(r => !r.RowKey.StartsWith(CallTableKeys.SuffixPrefix, StringComparison.Ordinal)
                             || r.RowKey.StartsWith(CallTableKeys.SuffixPrefix + "04", StringComparison.Ordinal));

    private static string Fingerprint(IEnumerable<CallProjection> calls) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", calls.SelectMany(Rows).Select(r => r.Canonical())))));

    private static async Task<int> ClearAsync(TableClient table, string pk)
    {
        var keys = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == pk, select: ["RowKey"]))
            keys.Add(new TableEntity(pk, row.RowKey));
        await System.Threading.Tasks.Parallel.ForEachAsync(keys.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = Parallel }, async (batch, ct) =>
            await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e)), ct));
        return keys.Count;
    }
}
