using System.Text.Json;
using System.Text.Json.Serialization;
using Callaro.Simulator.Planning;
using Callaro.Simulator.Sending;
using Callaro.Simulator.Verification;

namespace Callaro.Simulator.Reporting;

/// <summary>The run's figures as JSON (<c>--summary PATH</c>), for benchmark scripts that compare runs.</summary>
internal sealed record RunSummary(
    string Date,
    int Seed,
    int Calls,
    int Events,
    int DuplicateDeliveries,
    int Requests,
    int Retries,
    int AcceptedEvents,
    double ElapsedSeconds,
    double EventsPerSecond,
    double LatencyP50Ms,
    double LatencyP95Ms,
    double LatencyP99Ms,
    IReadOnlyDictionary<string, int> ResponsesByStatus,
    int RejectedDeliveries,
    bool Verified,
    int? Lost,
    int? WrongStatus,
    int? Duplicated,
    int? MissingFromList,
    string? Note)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static RunSummary From(CallPlan plan, IReadOnlyList<Delivery> deliveries, SendResult sent, VerificationResult? verified)
    {
        var latencies = sent.LatenciesMs.Order().ToArray();
        return new RunSummary(
            plan.Options.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            plan.Options.Seed,
            plan.Calls.Count,
            plan.EventCount,
            deliveries.Sum(d => d.Events.Count(e => e.IsDuplicate)),
            sent.Requests,
            sent.Retries,
            sent.AcceptedEvents,
            Math.Round(sent.Elapsed.TotalSeconds, 3),
            Math.Round(sent.EventsPerSecond, 1),
            Math.Round(RunReport.Percentile(latencies, 50), 2),
            Math.Round(RunReport.Percentile(latencies, 95), 2),
            Math.Round(RunReport.Percentile(latencies, 99), 2),
            new SortedDictionary<string, int>(sent.StatusCounts.ToDictionary(), StringComparer.Ordinal),
            sent.Rejected.Count,
            verified is not null,
            verified?.Lost.Count,
            verified?.WrongStatus.Count,
            verified?.Duplicated?.Count,
            verified?.MissingFromList?.Count,
            verified?.Note);
    }

    public void WriteTo(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
}
