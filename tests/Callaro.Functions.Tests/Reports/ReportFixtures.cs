using Callaro.Core.Calls;
using Callaro.Core.Health;
using Callaro.Functions.Tests.Infrastructure;
using Callaro.Functions.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace Callaro.Functions.Tests.Reports;

/// <summary>A fixed clock.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Calls and settings in memory, standing in for the table adapters so a day can be built exactly.</summary>
internal sealed class DaySources : IReportCallSource, IHealthReportContextSource
{
    public static readonly DateOnly Day = new(2025, 3, 10);
    public List<ReportCall> Calls { get; } = [];

    public async IAsyncEnumerable<ReportCall> ReadCallsAsync(HealthWorkspace workspace, DateOnly date, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var call in date == Day && workspace.WorkspaceId == "default" ? Calls : [])
        {
            yield return call;
        }
    }

    public Task<IReadOnlyList<HealthWorkspace>> ListWorkspacesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<HealthWorkspace>>([new HealthWorkspace("default", TimeZoneInfo.Utc)]);

    public Task<HealthWorkspace> GetWorkspaceAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        Task.FromResult(new HealthWorkspace(workspaceId, TimeZoneInfo.Utc));

    public Task<IReadOnlyDictionary<string, CampaignHealthSettings>> GetCampaignSettingsAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<string, CampaignHealthSettings>>(new Dictionary<string, CampaignHealthSettings>
        {
            ["sales"] = new() { TranscriptionEnabled = true, RecordingEnabled = true },
        });

    public Task<IReadOnlyList<OrphanAttachment>> GetOrphansAsync(string workspaceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<OrphanAttachment>>([]);

    /// <summary>A small day: four completed sales calls, two without transcript, a missed and a hostile-named call.</summary>
    public static DaySources Sample()
    {
        var sources = new DaySources();
        var at = new DateTimeOffset(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 4; i++)
        {
            sources.Calls.Add(new ReportCall
            {
                CallId = $"CA{i}", CampaignId = "sales", Status = CallStatus.Completed, Direction = CallDirection.Outgoing,
                StartedAt = at.AddMinutes(i * 7), AnsweredAt = at.AddMinutes(i * 7), EndedAt = at.AddMinutes(i * 7 + 3), TalkSeconds = 180,
                Outcome = "won", HasSummary = true,
                Transcript = i < 2 ? new(ReportAttachmentState.Available, at.AddMinutes(i * 7 + 5)) : ReportAttachment.None,
                Recording = new(ReportAttachmentState.Available, at.AddMinutes(i * 7 + 4)),
            });
        }
        sources.Calls.Add(new ReportCall { CallId = "CA9", CampaignId = "sales", Status = CallStatus.Missed, StartedAt = at.AddHours(3) });
        sources.Calls.Add(new ReportCall { CallId = "<script>alert(1)</script>", CampaignId = "sales", Status = CallStatus.Failed, StartedAt = at.AddHours(5) });
        return sources;
    }

    /// <param name="everyWorkspaceKnown">False to keep the app's own check, under which a workspace without stored calls or settings is unknown.</param>
    public static ReportsApp App(DaySources? sources = null, FixedTime? time = null, bool everyWorkspaceKnown = true)
    {
        var day = sources ?? Sample();
        var clock = time ?? new FixedTime(new DateTimeOffset(2025, 3, 11, 7, 0, 0, TimeSpan.Zero));
        var app = new CallaroApplication().WithServices(services =>
        {
            // The app's own report services, over this test's day and clock.
            services.AddSingleton<IReportCallSource>(day);
            services.AddSingleton<IHealthReportContextSource>(day);
            services.AddSingleton<TimeProvider>(clock);
            // The day's calls come from these sources, not from storage, which alone tells the app which workspaces exist.
            if (everyWorkspaceKnown) EveryWorkspaceKnown.Register(services);
        });
        app.Start();
        return new ReportsApp(app, "");
    }
}

/// <summary>The app with the report endpoints, at their real paths once Program.cs maps them (else under /test-only).</summary>
internal sealed class ReportsApp(CallaroApplication app, string prefix) : IDisposable
{
    public CallaroApplication App => app;
    public HttpClient Reader() => Prefixed(app.CreateReaderClient());
    public HttpClient Admin() => Prefixed(app.CreateAdminClient());
    public HttpClient Anonymous() => Prefixed(app.CreateAnonymousClient());
    public HttpClient WithKey(string key) => Prefixed(app.CreateClientWithKey(key));
    public void Dispose() => app.Dispose();

    // Relative request URIs ("api/...") resolve against the base address, which carries the prefix.
    private HttpClient Prefixed(HttpClient client)
    {
        client.BaseAddress = new Uri(client.BaseAddress!, prefix + "/");
        return client;
    }
}
