using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Callaro.Core.Calls;

/// <summary>
/// Maps <see cref="CallFacts"/> to and from the JSON kept in the record entity. A storage shape apart from
/// the domain type, so the domain can change without rewriting stored rows (version <c>v</c>).
/// </summary>
internal static class CallStateSerializer
{
    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize(CallFacts f) => JsonSerializer.Serialize(new StateDto
    {
        W = f.WorkspaceId,
        C = f.CallId,
        Progress = ToDto(f.Progress),
        Completed = ToDto(f.Completed),
        Alert = ToDto(f.Alert),
        Answered = f.AnswerEvidence,
        Direction = ToDto(f.Direction),
        Caller = ToDto(f.Caller),
        Callee = ToDto(f.Callee),
        Source = ToDto(f.Source),
        Campaign = ToDto(f.CampaignId),
        Deal = ToDto(f.DealId),
        Operator = ToDto(f.OperatorId),
        Failure = ToDto(f.FailureReason),
        ExplicitStart = f.ExplicitStart,
        FirstOccurred = f.FirstOccurred,
        AnsweredAt = f.AnsweredAt,
        EndedAt = f.EndedAt,
        Duration = f.ReportedDuration,
        Report = ToDto(f.Report is { } r ? new Pick<ReportDto>(ReportDto.From(r.Value), r.Stamp) : null),
        Recording = ToDto(f.Recording),
        AttRec = ToDto(f.AttachedRecording),
        AttTr = ToDto(f.AttachedTranscript),
        Crm = [.. f.Crm.Select(CrmDto.From)],
        History = [.. f.History],
        Seen = EncodeSeen(f.Seen),
    }, Options);

    /// <exception cref="JsonException">The stored state is corrupt.</exception>
    public static CallFacts Deserialize(string json)
    {
        var d = JsonSerializer.Deserialize<StateDto>(json, Options) ?? throw new JsonException("Empty call state.");
        return new CallFacts
        {
            WorkspaceId = d.W,
            CallId = d.C,
            Progress = FromDto(d.Progress),
            Completed = FromDto(d.Completed),
            Alert = FromDto(d.Alert),
            AnswerEvidence = d.Answered,
            Direction = FromDto(d.Direction),
            Caller = FromDto(d.Caller),
            Callee = FromDto(d.Callee),
            Source = FromDto(d.Source),
            CampaignId = FromDto(d.Campaign),
            DealId = FromDto(d.Deal),
            OperatorId = FromDto(d.Operator),
            FailureReason = FromDto(d.Failure),
            ExplicitStart = d.ExplicitStart,
            FirstOccurred = d.FirstOccurred,
            AnsweredAt = d.AnsweredAt,
            EndedAt = d.EndedAt,
            ReportedDuration = d.Duration,
            Report = FromDto(d.Report) is { } r ? new Pick<CallReport>(r.Value.ToDomain(), r.Stamp) : null,
            Recording = FromDto(d.Recording),
            AttachedRecording = FromDto(d.AttRec),
            AttachedTranscript = FromDto(d.AttTr),
            Crm = [.. d.Crm.Select(c => c.ToDomain())],
            History = [.. d.History],
            Seen = DecodeSeen(d.Seen),
        };
    }

    private static PickDto<T>? ToDto<T>(Pick<T>? p) => p is null ? null : new(p.Value, p.Stamp.OccurredAt, p.Stamp.Sequence, p.Stamp.EventId);
    private static Pick<T>? FromDto<T>(PickDto<T>? p) => p is null ? null : new(p.V, new EventStamp(p.T, p.S, p.I));
    private static StatusDto? ToDto(StatusPick? p) => p is null ? null : new(p.Status, p.ProviderStatus, p.Source, p.Stamp.OccurredAt, p.Stamp.Sequence, p.Stamp.EventId);
    private static StatusPick? FromDto(StatusDto? p) => p is null ? null : new(p.Status, p.ProviderStatus, p.Source, new EventStamp(p.T, p.S, p.I));

    // 9 bytes per event: fingerprint (8, little endian) + type (1). Sorted, so the encoding is canonical.
    private static string EncodeSeen(ImmutableSortedDictionary<ulong, CallEventType> seen)
    {
        var bytes = new byte[seen.Count * 9];
        var i = 0;
        foreach (var (fp, type) in seen)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i, 8), fp);
            bytes[i + 8] = (byte)type;
            i += 9;
        }
        return Convert.ToBase64String(bytes);
    }

    private static ImmutableSortedDictionary<ulong, CallEventType> DecodeSeen(string encoded)
    {
        var bytes = Convert.FromBase64String(encoded);
        if (bytes.Length % 9 != 0) throw new JsonException("Corrupt event fingerprints in call state.");
        var builder = ImmutableSortedDictionary.CreateBuilder<ulong, CallEventType>();
        for (var i = 0; i < bytes.Length; i += 9)
            builder[BitConverter.ToUInt64(bytes, i)] = (CallEventType)bytes[i + 8];
        return builder.ToImmutable();
    }

    private sealed record PickDto<TValue>(TValue V, DateTimeOffset T, long? S, string I);
    private sealed record StatusDto(CallStatus Status, string? ProviderStatus, string Source, DateTimeOffset T, long? S, string I);

    // Field maps are written in ordinal key order so equal records serialise to equal strings.
    private sealed record ReportDto(string? Outcome, string? Summary, SortedDictionary<string, CallFieldValue>? Fields)
    {
        public static ReportDto From(CallReport r) => new(r.Outcome, r.Summary, Sorted(r.Fields));
        public CallReport ToDomain() => new(Outcome, Summary, Fields);
    }

    private sealed record CrmDto(string EventId, DateTimeOffset OccurredAt, string System, string? RecordId, string Kind, bool Succeeded,
        string? Error, SortedDictionary<string, CallFieldValue>? Sent, SortedDictionary<string, CallFieldValue>? Observed)
    {
        public static CrmDto From(CallCrmEntry c) => new(c.EventId, c.OccurredAt, c.Activity.System, c.Activity.RecordId, c.Activity.Kind,
            c.Activity.Succeeded, c.Activity.Error, Sorted(c.Activity.Sent), Sorted(c.Activity.Observed));
        public CallCrmEntry ToDomain() => new(EventId, OccurredAt, new CrmActivity(System, RecordId, Kind, Succeeded, Error, Sent, Observed));
    }

    private static SortedDictionary<string, CallFieldValue>? Sorted(IReadOnlyDictionary<string, CallFieldValue>? d) =>
        d is null ? null : new SortedDictionary<string, CallFieldValue>(d.ToDictionary(), StringComparer.Ordinal);

    private sealed class StateDto
    {
        public int V { get; set; } = 1;
        public string W { get; set; } = "";
        public string C { get; set; } = "";
        public StatusDto? Progress { get; set; }
        public StatusDto? Completed { get; set; }
        public StatusDto? Alert { get; set; }
        public bool Answered { get; set; }
        public PickDto<CallDirection>? Direction { get; set; }
        public PickDto<string>? Caller { get; set; }
        public PickDto<string>? Callee { get; set; }
        public PickDto<string>? Source { get; set; }
        public PickDto<string>? Campaign { get; set; }
        public PickDto<string>? Deal { get; set; }
        public PickDto<string>? Operator { get; set; }
        public PickDto<string>? Failure { get; set; }
        public DateTimeOffset? ExplicitStart { get; set; }
        public DateTimeOffset? FirstOccurred { get; set; }
        public DateTimeOffset? AnsweredAt { get; set; }
        public DateTimeOffset? EndedAt { get; set; }
        public int? Duration { get; set; }
        public PickDto<ReportDto>? Report { get; set; }
        public PickDto<ProviderRecording>? Recording { get; set; }
        // Absent in states written before blob attachments were folded in (null is not written).
        public PickDto<AttachedBlob>? AttRec { get; set; }
        public PickDto<AttachedBlob>? AttTr { get; set; }
        public List<CrmDto> Crm { get; set; } = [];
        public List<CallHistoryEntry> History { get; set; } = [];
        public string Seen { get; set; } = "";
    }
}
