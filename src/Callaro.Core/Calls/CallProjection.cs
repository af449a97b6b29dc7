using System.Globalization;

namespace Callaro.Core.Calls;

/// <summary>A row as stored, independent of the storage client: keys plus non-null properties in ordinal order.</summary>
internal sealed record StoredRow(string PartitionKey, string RowKey, SortedDictionary<string, object> Properties)
{
    /// <summary>A stable text form, for comparing rows in tests and for change detection.</summary>
    public string Canonical() =>
        PartitionKey + "|" + RowKey + "|" + string.Join("|", Properties.Select(p => p.Key + "=" + Format(p.Value)));

    /// <summary>
    /// The entity's size as Table Storage counts it against its 1 MiB limit: 4 bytes, the keys in UTF-16,
    /// and per property 8 bytes, its name in UTF-16 and its value (strings in UTF-16 plus 4 bytes).
    /// </summary>
    public long StorageBytes() =>
        4 + (PartitionKey.Length + RowKey.Length) * 2L + Properties.Sum(p => 8 + p.Key.Length * 2L + ValueBytes(p.Value));

    private static long ValueBytes(object v) => v switch
    {
        string s => 4 + s.Length * 2L,
        bool => 1,
        int => 4,
        byte[] b => 4 + b.Length,
        Guid => 16,
        _ => 8,
    };

    private static string Format(object v) => v switch
    {
        DateTimeOffset d => d.UtcTicks.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}

/// <summary>
/// Everything a call record puts into the <c>calls</c> table: the record entity and the rows derived from
/// it (log, alert, numbers), all in the call's date partition, plus the deal row for <c>dealcalls</c>.
/// Rows are pure functions of the record and the pinned time zone, so equal records give equal rows.
/// </summary>
internal sealed record CallProjection(string PartitionKey, StoredRow Record, IReadOnlyList<StoredRow> Rows, StoredRow? DealRow)
{
    public const string KindCall = "call";
    public const string KindMoved = "moved";

    /// <summary>Per-property string limit is 64 KiB (32K UTF-16 chars); keep a margin.</summary>
    private const int StateChunk = 30_000;

    public static string PartitionOf(CallRecord record, TimeZoneInfo timeZone) =>
        CallTableKeys.DatePartition(record.WorkspaceId, record.StartedAt, timeZone);

    /// <summary>The rows of a record in its own date partition.</summary>
    public static CallProjection Of(CallRecord record, TimeZoneInfo timeZone) => Of(record, timeZone, PartitionOf(record, timeZone), null);

    /// <param name="record">The call.</param>
    /// <param name="timeZone">The reporting time zone pinned on the call when it was first stored.</param>
    /// <param name="pk">
    /// The partition the rows are written to: normally <see cref="PartitionOf"/>, but a repair may briefly
    /// write a record where it is before the next step moves it.
    /// </param>
    /// <param name="movedFrom">A partition still holding this call's old rows (cleanup pending), if any.</param>
    public static CallProjection Of(CallRecord record, TimeZoneInfo timeZone, string pk, string? movedFrom)
    {
        var recordRow = new StoredRow(pk, CallTableKeys.RecordRowKey(record.CallId), RecordProperties(record, timeZone, movedFrom));

        var rows = new List<StoredRow>();
        if (record.Status is not null)
        {
            var listing = ListingProperties(record);
            rows.Add(new(pk, CallTableKeys.LogRowKey(record.StartedAt, record.CallId), With(listing, "Kind", "log")));
            if (record.IsAlert)
                rows.Add(new(pk, CallTableKeys.AlertRowKey(record.StartedAt, record.CallId), With(listing, "Kind", "alert")));
            // Indexed by the number's one form, so any spelling of it finds the call; the row keeps the number as sent.
            var numbers = new[] { record.Caller, record.Callee }.OfType<string>().ToList();
            foreach (var number in numbers.DistinctBy(PhoneNumber.IndexForm, StringComparer.Ordinal))
                rows.Add(new(pk, CallTableKeys.NumberRowKey(PhoneNumber.IndexForm(number), record.StartedAt, record.CallId), With(With(listing, "Kind", "number"), "Number", number)));
            // Searching by the last digits reads these rows only: one per distinct suffix, in the same transaction.
            foreach (var (number, suffix) in numbers.SelectMany(n => PhoneNumber.IndexSuffixes(n).Select(s => (n, s))).DistinctBy(p => p.s, StringComparer.Ordinal))
                rows.Add(new(pk, CallTableKeys.SuffixRowKey(suffix, record.StartedAt, record.CallId), With(With(listing, "Kind", "suffix"), "Number", number)));
        }

        StoredRow? deal = record.DealId is { } dealId
            ? new(record.WorkspaceId, CallTableKeys.DealRowKey(dealId, record.StartedAt, record.CallId), new(StringComparer.Ordinal)
            {
                ["CallId"] = record.CallId,
                ["DealId"] = dealId,
                ["StartedAt"] = record.StartedAt,
                ["CallPartition"] = pk,
            })
            : null;

        return new(pk, recordRow, rows, deal);
    }

    /// <summary>
    /// The record entity's size with the longest partition key, time zone id and pending-move mark it can carry,
    /// so a record judged to fit also fits wherever and however it is written.
    /// </summary>
    public static long WorstCaseRecordBytes(CallRecord record)
    {
        var longestPartition = new string('p', Workspaces.WorkspaceId.MaxLength + 9);
        var row = new StoredRow(longestPartition, CallTableKeys.RecordRowKey(record.CallId), RecordProperties(record, TimeZoneInfo.Utc, longestPartition));
        const int longestZoneId = 64;
        return row.StorageBytes() + (longestZoneId - TimeZoneInfo.Utc.Id.Length) * 2L;
    }

    /// <summary>A forwarder left where a call used to live, so stale pointers still lead to it.</summary>
    public static StoredRow Forwarder(string partitionKey, string workspaceId, string callId, string movedTo) =>
        new(partitionKey, CallTableKeys.RecordRowKey(callId), new(StringComparer.Ordinal)
        {
            ["Kind"] = KindMoved,
            ["CallId"] = callId,
            ["WorkspaceId"] = workspaceId,
            ["MovedTo"] = movedTo,
        });

    private static SortedDictionary<string, object> RecordProperties(CallRecord r, TimeZoneInfo tz, string? movedFrom)
    {
        var p = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["Kind"] = KindCall,
            ["CallId"] = r.CallId,
            ["WorkspaceId"] = r.WorkspaceId,
            ["StartedAt"] = r.StartedAt,
            ["TimeZone"] = tz.Id,
            ["EventCount"] = r.EventCount,
        };
        if (r.Status is { } s) p["Status"] = Wire(s);
        if (movedFrom is not null) p["MovedFrom"] = movedFrom;
        var json = CallStateSerializer.Serialize(r.Facts);
        var chunks = (json.Length + StateChunk - 1) / StateChunk;
        p["StateChunks"] = chunks;
        for (var i = 0; i < chunks; i++)
            p["State" + i.ToString(CultureInfo.InvariantCulture)] = json.Substring(i * StateChunk, Math.Min(StateChunk, json.Length - i * StateChunk));
        return p;
    }

    /// <summary>Reassembles the state JSON written by <see cref="RecordProperties"/>.</summary>
    public static CallRecord ReadRecord(Func<string, object?> property)
    {
        var chunks = Convert.ToInt32(property("StateChunks") ?? 0, CultureInfo.InvariantCulture);
        var json = string.Concat(Enumerable.Range(0, chunks).Select(i => (string?)property("State" + i.ToString(CultureInfo.InvariantCulture)) ?? ""));
        return new CallRecord(CallStateSerializer.Deserialize(json));
    }

    /// <summary>What the log page shows for one call; identical on log, alert and number rows so a page reads only one kind.</summary>
    private static SortedDictionary<string, object> ListingProperties(CallRecord r)
    {
        var p = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["CallId"] = r.CallId,
            ["WorkspaceId"] = r.WorkspaceId,
            ["Status"] = Wire(r.Status!.Value),
            ["Alert"] = r.IsAlert,
            ["DurationSeconds"] = r.DurationSeconds,
            ["StartedAt"] = r.StartedAt,
            ["HasRecording"] = r.HasRecording,
            ["HasTranscript"] = r.HasTranscript,
        };
        Put(p, "Direction", r.Direction is { } d ? Wire(d) : null);
        Put(p, "Caller", r.Caller);
        Put(p, "Callee", r.Callee);
        Put(p, "CallerE164", PhoneNumber.ToE164(r.Caller));
        Put(p, "CalleeE164", PhoneNumber.ToE164(r.Callee));
        Put(p, "ProviderStatus", r.ProviderStatus);
        Put(p, "Source", r.Source);
        Put(p, "CampaignId", r.CampaignId);
        Put(p, "DealId", r.DealId);
        Put(p, "OperatorId", r.OperatorId);
        Put(p, "FailureReason", r.FailureReason);
        Put(p, "Outcome", r.Report?.Outcome);
        // What arrived, so the log can list calls whose logging is incomplete under the settings of the moment it is read.
        var logged = Settings.LoggingFacts.Of(r);
        p["Logged"] = logged.Words();
        Put(p, "LoggedFields", logged.FieldList());
        if (r.AnsweredAt is { } a) p["AnsweredAt"] = a;
        if (r.EndedAt is { } e) p["EndedAt"] = e;
        return p;
    }

    /// <summary>Lowercase wire names: <c>completed</c>, <c>incoming</c>.</summary>
    public static string Wire(CallStatus s) => s.ToString().ToLowerInvariant();
    /// <inheritdoc cref="Wire(CallStatus)"/>
    public static string Wire(CallDirection d) => d.ToString().ToLowerInvariant();

    private static void Put(SortedDictionary<string, object> p, string key, string? value)
    {
        if (value is not null) p[key] = value;
    }

    private static SortedDictionary<string, object> With(SortedDictionary<string, object> p, string key, object value) =>
        new(p, StringComparer.Ordinal) { [key] = value };
}
