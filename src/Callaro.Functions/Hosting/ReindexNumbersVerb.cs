using System.Globalization;
using Azure.Data.Tables;
using Callaro.Core;
using Callaro.Core.Ingestion;
using Callaro.Core.Workspaces;

namespace Callaro.Functions.Hosting;

/// <summary>
/// <c>Callaro.Functions reindex-numbers [--workspace W] [--from YYYY-MM-DD] [--to YYYY-MM-DD]</c>: writes the
/// whole-number and number-suffix index rows that calls stored before those rows existed lack
/// (<see cref="NumberIndexBackfill"/>), one date partition at a time, printing what it did. Safe to re-run and to run
/// beside live ingestion.
/// </summary>
internal static class ReindexNumbersVerb
{
    public const string Name = "reindex-numbers";

    public const string Usage = $"Usage: Callaro.Functions {Name} [--workspace <id>] [--from <YYYY-MM-DD>] [--to <YYYY-MM-DD>] (every workspace and every stored day when left out)";

    /// <summary>The workspace and days asked for, or the problem with the arguments.</summary>
    public sealed record Scope(string? Workspace, DateOnly? From, DateOnly? To);

    public static (Scope? Scope, string? Problem) Parse(IReadOnlyList<string> args)
    {
        string? workspace = null;
        DateOnly? from = null, to = null;
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count) return (null, $"'{args[i]}' needs a value.");
            var value = args[i + 1];
            switch (args[i])
            {
                case "--workspace" when WorkspaceId.Problem(value, "--workspace") is { } invalid: return (null, invalid);
                case "--workspace": workspace = value; break;
                case "--from" or "--to" when !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _):
                    return (null, $"{args[i]} '{value}' is not a date (YYYY-MM-DD).");
                case "--from": from = DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture); break;
                case "--to": to = DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture); break;
                default: return (null, $"Unknown option '{args[i]}'.");
            }
        }
        return from > to ? (null, "--from is after --to.") : (new Scope(workspace, from, to), null);
    }

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output)
    {
        var (scope, problem) = Parse(args);
        if (scope is null)
        {
            await Console.Error.WriteLineAsync(problem + Environment.NewLine + Usage);
            return Verbs.UsageProblem;
        }

        var backfill = new NumberIndexBackfill(services.GetRequiredService<TableServiceClient>(), services.GetRequiredService<StorageNames>(),
            services.GetRequiredService<IWorkspaceTimeZoneSource>());
        int days = 0, calls = 0, missing = 0, written = 0;
        await foreach (var partition in backfill.PartitionsAsync(scope.Workspace, scope.From, scope.To))
        {
            var result = await backfill.BackfillAsync(partition);
            days++;
            calls += result.Calls;
            missing += result.CallsMissingRows;
            written += result.RowsWritten;
            var changed = result.Changed > 0 ? $" ({result.Changed} changed meanwhile and were read again)" : "";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{result.PartitionKey}: {result.Calls} calls, {result.CallsMissingRows} lacked index rows, {result.RowsWritten} rows written{changed}"));
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Number index: {days} days, {calls} calls, {missing} lacked index rows, {written} rows written."));
        return 0;
    }
}
