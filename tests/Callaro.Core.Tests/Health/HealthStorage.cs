using Callaro.Core.Health;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Data.Tables;

namespace Callaro.Core.Tests.Health;

/// <summary>Real storage (Azurite via ./test.sh) under a unique prefix per test.</summary>
internal sealed class HealthStorage
{
    public TableServiceClient Tables { get; }
    public BlobServiceClient Blobs { get; }
    public StorageNames Names { get; } = new("t" + Guid.NewGuid().ToString("N")[..8]);

    private HealthStorage(string connectionString)
    {
        Tables = new TableServiceClient(connectionString);
        Blobs = new BlobServiceClient(connectionString);
    }

    public static async Task<HealthStorage> CreateAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable("CALLARO_TEST_STORAGE");
        Assert.False(string.IsNullOrEmpty(connectionString),
            "CALLARO_TEST_STORAGE is not set: run the tests with ./test.sh, which starts Azurite and sets it.");
        var storage = new HealthStorage(connectionString!);
        foreach (var table in storage.Names.Tables)
        {
            await storage.Tables.CreateTableIfNotExistsAsync(table);
        }
        foreach (var container in storage.Names.Containers)
        {
            await storage.Blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync();
        }
        return storage;
    }

    public HealthReportStore Store() => new(Blobs, Tables, Names);
    public WebhookRejectionCounter Rejections() => new(Tables, Names);
}

/// <summary>Calls and settings held in memory: the seams the table adapters fill in production.</summary>
internal sealed class InMemorySources(params HealthWorkspace[] workspaces) : IReportCallSource, IHealthReportContextSource
{
    public Dictionary<(string, DateOnly), List<ReportCall>> Calls { get; } = [];
    public Dictionary<string, IReadOnlyDictionary<string, CampaignHealthSettings>> Campaigns { get; } = [];
    public List<(string Workspace, OrphanAttachment Orphan)> Orphans { get; } = [];
    public List<(string, DateOnly)> Reads { get; } = [];

    public async IAsyncEnumerable<ReportCall> ReadCallsAsync(HealthWorkspace workspace, DateOnly date, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Reads.Add((workspace.WorkspaceId, date));
        await Task.Yield();
        foreach (var call in Calls.GetValueOrDefault((workspace.WorkspaceId, date)) ?? [])
        {
            yield return call;
        }
    }

    public Task<IReadOnlyList<HealthWorkspace>> ListWorkspacesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<HealthWorkspace>>(workspaces);

    public Task<HealthWorkspace> GetWorkspaceAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        Task.FromResult(workspaces.Single(w => w.WorkspaceId == workspaceId));

    public Task<IReadOnlyDictionary<string, CampaignHealthSettings>> GetCampaignSettingsAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Campaigns.GetValueOrDefault(workspaceId) ?? new Dictionary<string, CampaignHealthSettings>());

    public Task<IReadOnlyList<OrphanAttachment>> GetOrphansAsync(string workspaceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<OrphanAttachment>>(Orphans.Where(o => o.Workspace == workspaceId && o.Orphan.ArrivedAt >= from && o.Orphan.ArrivedAt < to).Select(o => o.Orphan).ToList());
}
