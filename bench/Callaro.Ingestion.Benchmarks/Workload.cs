using System.Text;
using System.Text.Json;
using Callaro.Core.Calls;

namespace Callaro.Ingestion.Benchmarks;

/// <summary>One event in both shapes: the JSON Callaro posts, and the CallEvent the app would parse it into.</summary>
internal sealed record BenchEvent(CallEvent Event, byte[] Json);

/// <summary>
/// Realistic call lifecycles, delivered in order per call (the common path): 75 % ringing, answered, completed;
/// 20 % ringing, missed; 5 % ringing, failed. Calls started in the last few hours, all within one UTC day
/// (every event carries startedAt, as Callaro's own events do), with campaign and operator but no deal.
/// </summary>
internal static class Workload
{
    public static IReadOnlyList<IReadOnlyList<BenchEvent>> Generate(string runId, int calls, int seed, DateTimeOffset now)
    {
        var random = new Random(seed);
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var window = TimeSpan.FromHours(3);
        var earliest = now - window < dayStart ? dayStart : now - window;
        var result = new List<IReadOnlyList<BenchEvent>>(calls);
        for (var i = 0; i < calls; i++)
        {
            var callId = $"bench-{runId}-{i:D6}";
            var latestStart = now - TimeSpan.FromMinutes(12);
            var span = Math.Max(0, (latestStart - earliest).TotalSeconds);
            var start = earliest.AddSeconds(random.NextDouble() * span).AddTicks(-(earliest.Ticks % TimeSpan.TicksPerSecond));
            var (direction, caller, callee) = (i % 10) switch
            {
                < 5 => (CallDirection.Incoming, Number(random), "+4930" + random.Next(1000000, 9999999)),
                < 9 => (CallDirection.Outgoing, "+4930" + random.Next(1000000, 9999999), Number(random)),
                _ => (CallDirection.Internal, random.Next(100, 999).ToString(), random.Next(100, 999).ToString()),
            };
            var call = new CallEvent
            {
                EventId = "", Type = CallEventType.Ringing, OccurredAt = start, CallId = callId, Source = "callaro",
                Direction = direction, Caller = caller, Callee = callee, StartedAt = start,
                CampaignId = "campaign-" + random.Next(1, 6), OperatorId = "op-" + random.Next(1, 25),
            };

            var events = new List<CallEvent> { call with { EventId = callId + "-r" } };
            var fate = random.Next(100);
            if (fate < 75)
            {
                var answered = start.AddSeconds(random.Next(3, 25));
                var duration = random.Next(20, 600);
                var ended = answered.AddSeconds(duration);
                events.Add(call with { EventId = callId + "-a", Type = CallEventType.Answered, OccurredAt = answered, AnsweredAt = answered });
                events.Add(call with
                {
                    EventId = callId + "-c", Type = CallEventType.Completed, OccurredAt = ended,
                    AnsweredAt = answered, EndedAt = ended, DurationSeconds = duration,
                });
            }
            else if (fate < 95)
            {
                var ended = start.AddSeconds(random.Next(15, 40));
                events.Add(call with { EventId = callId + "-m", Type = CallEventType.Missed, OccurredAt = ended, EndedAt = ended, FailureReason = "no-answer" });
            }
            else
            {
                var ended = start.AddSeconds(random.Next(1, 5));
                events.Add(call with { EventId = callId + "-f", Type = CallEventType.Failed, OccurredAt = ended, EndedAt = ended, FailureReason = "503" });
            }

            result.Add([.. events.Select(e => new BenchEvent(e, ToJson(e)))]);
        }

        return result;
    }

    private static string Number(Random random) => random.Next(3) switch
    {
        0 => "+1" + random.Next(200, 999) + random.Next(1000000, 9999999),
        1 => "+44" + random.Next(1000000000, int.MaxValue).ToString()[..10],
        _ => "+33" + random.Next(100000000, 999999999),
    };

    /// <summary>Callaro's webhook format (issue 3).</summary>
    private static byte[] ToJson(CallEvent e)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", e.EventId);
            json.WriteString("type", "call." + e.Type.ToString().ToLowerInvariant());
            json.WriteString("occurredAt", e.OccurredAt);
            json.WriteString("callId", e.CallId);
            json.WriteString("workspaceId", e.WorkspaceId);
            json.WriteString("campaignId", e.CampaignId);
            json.WriteString("operatorId", e.OperatorId);
            json.WriteString("direction", e.Direction!.Value.ToString().ToLowerInvariant());
            json.WriteString("caller", e.Caller);
            json.WriteString("callee", e.Callee);
            if (e.StartedAt is { } started) json.WriteString("startedAt", started);
            if (e.AnsweredAt is { } answered) json.WriteString("answeredAt", answered);
            if (e.EndedAt is { } ended) json.WriteString("endedAt", ended);
            if (e.DurationSeconds is { } duration) json.WriteNumber("durationSeconds", duration);
            if (e.FailureReason is { } reason) json.WriteString("failureReason", reason);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
