using Azure;
using Callaro.Functions.Configuration;
using Callaro.Functions.Storage;
using Microsoft.Extensions.Options;

namespace Callaro.Functions.Hosting;

/// <summary>
/// <c>Callaro.Functions</c> runs the worker (the Functions host starts it); <c>Callaro.Functions provision</c>
/// creates the tables and containers and exits (local runs and tests; in Azure the template creates them); <c>Callaro.Functions
/// reindex-numbers</c> writes the number index rows older calls lack (<see cref="ReindexNumbersVerb"/>). Start-up problems
/// are printed as one readable line per problem and exit non-zero.
/// </summary>
public static class Verbs
{
    public const string Provision = "provision";

    /// <summary>Exit code for a configuration problem (a missing secret, a malformed connection string).</summary>
    public const int ConfigurationProblem = 2;

    /// <summary>Exit code when storage could not be reached or refused.</summary>
    public const int StorageProblem = 1;

    /// <summary>Exit code for an unknown command or bad arguments (EX_USAGE).</summary>
    public const int UsageProblem = 64;

    /// <summary>Splits a leading verb from the worker's arguments (<c>--functions-uri</c> and the like).</summary>
    public static (string? Verb, string[] HostArgs) Split(string[] args) =>
        args is [var first, ..] && !first.StartsWith('-') && !first.Contains('=')
            ? (first, args[1..])
            : (null, args);

    /// <param name="app">The built app.</param>
    /// <param name="verb">The command, or null to serve requests.</param>
    /// <param name="verbArgs">The command's own arguments (they also reach the configuration, which ignores them).</param>
    public static async Task<int> RunVerbAsync(this IHost app, string? verb, IReadOnlyList<string> verbArgs)
    {
        try
        {
            switch (verb)
            {
                case null:
                    await app.RunAsync();
                    return 0;
                case Provision:
                    _ = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
                    await app.Services.GetRequiredService<StorageProvisioner>().ProvisionAsync();
                    Console.WriteLine("Storage is provisioned.");
                    return 0;
                case ReindexNumbersVerb.Name:
                    _ = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
                    return await ReindexNumbersVerb.RunAsync(app.Services, verbArgs, Console.Out);
                default:
                    await Console.Error.WriteLineAsync(
                        $"Unknown command '{verb}'. Run with no command to serve requests, '{Provision}' to create the storage tables and containers, " +
                        $"or '{ReindexNumbersVerb.Name}' to write the number index rows calls stored before them lack.");
                    return UsageProblem;
            }
        }
        catch (Exception e) when (ConfigurationFailures(e) is { Count: > 0 } failures)
        {
            await Console.Error.WriteLineAsync("Callaro cannot start because of its configuration:");
            foreach (var failure in failures)
            {
                await Console.Error.WriteLineAsync("  - " + failure);
            }

            return ConfigurationProblem;
        }
        catch (Exception e) when (StorageFailure(e) is { } storage)
        {
            await Console.Error.WriteLineAsync(
                $"Callaro could not {(verb == ReindexNumbersVerb.Name ? "reindex the stored calls" : "provision storage")} ({(storage.Status == 0 ? "no answer" : $"{storage.Status} {storage.ErrorCode}")}). " +
                "Check that the storage account (locally: Azurite) is running and that Callaro__Storage__ConnectionString points at it.");
            return StorageProblem;
        }
    }

    private static List<string> ConfigurationFailures(Exception exception) => exception switch
    {
        OptionsValidationException e => e.Failures.ToList(),
        AggregateException e => e.InnerExceptions.SelectMany(ConfigurationFailures).ToList(),
        _ => [],
    };

    /// <summary>Azure.Core reports exhausted retries as an AggregateException of the attempts.</summary>
    internal static RequestFailedException? StorageFailure(Exception exception) => exception switch
    {
        RequestFailedException e => e,
        AggregateException e => e.InnerExceptions.Select(StorageFailure).FirstOrDefault(f => f is not null),
        _ => null,
    };
}
