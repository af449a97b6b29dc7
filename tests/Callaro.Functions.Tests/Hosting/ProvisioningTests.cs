using System.Net;
using Callaro.Core;
using Callaro.Functions.Tests.Infrastructure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace Callaro.Functions.Tests.Hosting;

public sealed class ProvisioningTests
{
    [Fact]
    public async Task StartingTheAppTouchesNoStorageAndARequestBeforeProvisioningIsA503SayingToProvision()
    {
        await using var app = new CallaroApplication().WithoutProvisioning();

        var health = await app.CreateAnonymousClient().GetAsync("/api/health");
        var read = await app.CreateReaderClient().GetAsync("/api/calls");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Empty(await TablesNamedAsync(app.Services.GetRequiredService<TableServiceClient>(), app.Names.Tables));
        var problem = await ProblemAssert.IsProblemAsync(read, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("run 'Callaro.Functions provision'", problem.Detail);
        Assert.NotNull(read.Headers.RetryAfter);
    }

    [Fact]
    public async Task ProvisionVerbCreatesTheStorageAndExits()
    {
        var names = new StorageNames("p" + Guid.NewGuid().ToString("N")[..8]);

        var (exitCode, output) = await AppProcess.RunAsync(["provision"],
            ("Callaro__Storage__ConnectionString", CallaroApplication.StorageConnectionString),
            ("Callaro__Storage__NamePrefix", names.Prefix),
            ("CallaroRecordingsContainer", names.RecordingsContainer),
            ("CallaroTranscriptsContainer", names.TranscriptsContainer));

        Assert.True(exitCode == 0, output);
        Assert.Contains("Storage is provisioned.", output);
        await AssertProvisionedAsync(new TableServiceClient(CallaroApplication.StorageConnectionString), new BlobServiceClient(CallaroApplication.StorageConnectionString), names);
    }

    [Fact]
    public async Task ProvisionVerbAgainstUnreachableStorageSaysWhatToCheck()
    {
        var (exitCode, output) = await AppProcess.RunAsync(["provision"],
            ("Callaro__Storage__ConnectionString", Azurite.ConnectionStringToClosedPort()),
            ("CallaroRecordingsContainer", "recordings"),
            ("CallaroTranscriptsContainer", "transcripts"));

        Assert.Equal(1, exitCode);
        Assert.Contains("could not provision storage (no answer)", output);
        Assert.Contains("Callaro__Storage__ConnectionString", output);
    }

    private static async Task AssertProvisionedAsync(TableServiceClient tables, BlobServiceClient blobs, StorageNames names)
    {
        Assert.Equal(names.Tables.Order(), (await TablesNamedAsync(tables, names.Tables)).Order());
        foreach (var container in names.Containers)
        {
            // Listing a container that does not exist fails with 404.
            await foreach (var _ in blobs.GetBlobContainerClient(container).GetBlobsAsync())
            {
            }
        }
    }

    private static async Task<List<string>> TablesNamedAsync(TableServiceClient tables, IEnumerable<string> names)
    {
        var wanted = names.ToHashSet();
        var existing = new List<string>();
        await foreach (var table in tables.QueryAsync())
        {
            if (wanted.Contains(table.Name))
            {
                existing.Add(table.Name);
            }
        }

        return existing;
    }
}
