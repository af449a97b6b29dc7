using Azure;
using Callaro.Functions.Configuration;
using Callaro.Functions.Storage;
using Microsoft.Extensions.Options;

namespace Callaro.Functions.Hosting;

/// <summary>
/// <c>Callaro.Functions</c> serves requests; <c>Callaro.Functions provision</c> creates the tables and
/// containers and exits. Start-up problems are printed as one readable message per problem and exit non-zero.
/// </summary>
public static class Verbs
{
    public const string Provision = "provision";

    /// <summary>Splits a leading verb from the host arguments (<c>--urls</c> and the like).</summary>
    public static (string? Verb, string[] HostArgs) Split(string[] args) =>
        args is [var first, ..] && !first.StartsWith('-') && !first.Contains('=')
            ? (first, args[1..])
            : (null, args);

    public static async Task<int> RunVerbAsync(this WebApplication app, string? verb)
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
                default:
                    await Console.Error.WriteLineAsync($"Unknown command '{verb}'. Run with no command to serve requests, or '{Provision}' to create the storage tables and containers.");
                    return 64;
            }
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync("Callaro cannot start because of its configuration:");
            foreach (var failure in e.Failures)
            {
                await Console.Error.WriteLineAsync("  - " + failure);
            }

            return 2;
        }
        catch (RequestFailedException e)
        {
            await Console.Error.WriteLineAsync(
                $"Callaro could not provision storage ({(e.Status == 0 ? "no answer" : $"{e.Status} {e.ErrorCode}")}). " +
                "Check that the storage account (locally: Azurite) is running and that Callaro__Storage__ConnectionString points at it.");
            return 1;
        }
    }
}
