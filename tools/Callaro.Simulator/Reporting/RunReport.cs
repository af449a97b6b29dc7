using System.Globalization;
using Callaro.Simulator.Planning;
using Callaro.Simulator.Sending;
using Callaro.Simulator.Verification;
using Spectre.Console;

namespace Callaro.Simulator.Reporting;

/// <summary>The final table: what was sent, how fast, how the app answered, and what the log shows.</summary>
internal static class RunReport
{
    public static void Print(IAnsiConsole console, CallPlan plan, IReadOnlyList<Delivery> deliveries, SendResult sent, VerificationResult? verified)
    {
        var calls = plan.Calls;
        var duplicates = deliveries.Sum(d => d.Events.Count(e => e.IsDuplicate));
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Figure").AddColumn(new TableColumn("Value"));

        table.AddRow("Calls", string.Join(", ",
            $"{calls.Count} on {plan.Options.Date:yyyy-MM-dd}",
            Count(calls, c => c.Direction == Direction.Incoming, "incoming"),
            Count(calls, c => c.Direction == Direction.Outgoing, "outgoing"),
            Count(calls, c => c.Direction == Direction.Internal, "internal")));
        table.AddRow("Expected status", string.Join(", ",
            Count(calls, c => c.Outcome == Outcome.Completed, "completed"),
            Count(calls, c => c.Outcome == Outcome.Missed, "missed"),
            Count(calls, c => c.Outcome == Outcome.Failed, "failed")));
        table.AddRow("Senders", string.Join(", ",
            Enum.GetValues<Provider>().Select(p => Count(calls, c => c.Provider == p, p.ToString().ToLowerInvariant()))));
        table.AddRow("Events", $"{plan.EventCount} + {duplicates} duplicate deliveries, {deliveries.Count} requests planned");
        table.AddRow("Requests made", $"{sent.Requests} ({sent.Retries} retries)");
        table.AddRow("Throughput", $"{Number(sent.EventsPerSecond)} events/s ({sent.AcceptedEvents} events accepted in {Number(sent.Elapsed.TotalSeconds)} s)");
        var latencies = sent.LatenciesMs.Order().ToArray();
        table.AddRow("Latency", latencies.Length == 0 ? "no responses"
            : $"p50 {Number(Percentile(latencies, 50))} ms, p95 {Number(Percentile(latencies, 95))} ms, p99 {Number(Percentile(latencies, 99))} ms");
        table.AddRow("Responses by status", string.Join(", ", sent.StatusCounts.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value}")));
        table.AddRow("Rejected deliveries", Verdict(sent.Rejected.Count));

        if (verified is null)
        {
            table.AddRow("Verification", "[yellow]skipped (--no-verify)[/]");
        }
        else
        {
            table.AddRow("Lost", Verdict(verified.Lost.Count));
            table.AddRow("Wrong status", Verdict(verified.WrongStatus.Count));
            table.AddRow("Duplicated", verified.Duplicated is null ? $"[yellow]{Markup.Escape(verified.Note ?? "not checked")}[/]" : Verdict(verified.Duplicated.Count));
            if (verified.MissingFromList is not null)
            {
                table.AddRow("Missing from the day's list", Verdict(verified.MissingFromList.Count) + $" ({verified.ListedRows} rows listed)");
            }
            if (verified.ReadErrors.Count > 0)
            {
                table.AddRow("Read errors", "[red]" + string.Join(", ", verified.ReadErrors.Select(e => $"{e.Key}: {e.Value}")) + "[/]");
            }
        }
        console.Write(table);

        foreach (var rejected in sent.Rejected.OrderBy(r => r.DeliveryNumber).Take(5))
        {
            console.MarkupLineInterpolated($"[red]rejected[/] delivery {rejected.DeliveryNumber} ({rejected.Provider}) {rejected.Status}: {rejected.Detail}");
        }
        if (verified is not null)
        {
            foreach (var id in verified.Lost.Take(5)) console.MarkupLineInterpolated($"[red]lost[/] {id}");
            foreach (var w in verified.WrongStatus.Take(5)) console.MarkupLineInterpolated($"[red]wrong status[/] {w.CallId}: expected {w.Expected}, log shows {w.Actual}");
            foreach (var d in (verified.Duplicated ?? new Dictionary<string, int>()).Take(5)) console.MarkupLineInterpolated($"[red]duplicated[/] {d.Key} listed {d.Value} times");
            foreach (var id in (verified.MissingFromList ?? []).Take(5)) console.MarkupLineInterpolated($"[red]not in the day's list[/] {id}");
        }
    }

    /// <summary>Nearest-rank percentile of an ascending array.</summary>
    public static double Percentile(IReadOnlyList<double> ascending, double percent)
    {
        if (ascending.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(percent / 100 * ascending.Count);
        return ascending[Math.Clamp(rank - 1, 0, ascending.Count - 1)];
    }

    private static string Count(IReadOnlyList<PlannedCall> calls, Func<PlannedCall, bool> predicate, string label) =>
        $"{calls.Count(predicate)} {label}";

    private static string Verdict(int count) => count == 0 ? "[green]0[/]" : $"[red]{count}[/]";

    private static string Number(double value) => value.ToString(value >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture);
}
