using Callaro.Core;
using Callaro.Core.Attachments;
using Callaro.Core.Health;
using Callaro.Core.Settings;
using Callaro.Core.Workspaces;
using Callaro.Functions.Webhooks;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Callaro.Functions.Reports;

public static class HealthReportsExtensions
{
    /// <summary>
    /// The health report's services: options (<c>Callaro:HealthReports</c>), store, rejection counter and generator.
    /// Needs <c>AddCallaroStorage</c> (the storage clients and names).
    /// </summary>
    public static IHostApplicationBuilder AddHealthReports(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HealthReportOptions>().BindConfiguration(HealthReportOptions.SectionName)
            .Validate(o => o.CatchUpDays is >= 1 and <= 31, "Callaro:HealthReports:CatchUpDays must be between 1 and 31.")
            .Validate(o => o.Thresholds.DegradedGapRate <= o.Thresholds.FailingGapRate,
                "Callaro:HealthReports:Thresholds:DegradedGapRate must not exceed FailingGapRate.")
            .ValidateOnStart();
        services.AddSingleton(sp => new HealthReportStore(sp.GetRequiredService<BlobServiceClient>(), sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<StorageNames>()));
        services.AddSingleton(sp => new WebhookRejectionCounter(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<StorageNames>()));
        services.AddSingleton(sp => new HealthReportGenerator(
            sp.GetRequiredService<IReportCallSource>(), sp.GetRequiredService<IHealthReportContextSource>(),
            sp.GetRequiredService<WebhookRejectionCounter>(), sp.GetRequiredService<HealthReportStore>(),
            sp.GetRequiredService<IOptions<HealthReportOptions>>().Value, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Callaro.Core.CallLog.MissedCallFollowUps>()));

        // Rejected webhook deliveries are counted for the report (replacing the webhooks' no-op default): in
        // memory, flushed to the counter table in the background.
        services.AddSingleton<WebhookRejectionTally>();
        services.Replace(ServiceDescriptor.Singleton<IWebhookRejectionRecorder, TallyingWebhookRejectionRecorder>());
        services.AddSingleton<RejectionCountFlusher>();
        services.AddHostedService(sp => sp.GetRequiredService<RejectionCountFlusher>());

        // The storage adapters (the clock and settings stores come from AddCallaroCore); tests replace them.
        services.TryAddSingleton<IOrphanAttachmentSource>(sp => new PendingAttachmentOrphans(sp.GetRequiredService<AttachmentStore>()));
        services.TryAddSingleton<IReportCallSource>(sp =>
        {
            var names = sp.GetRequiredService<StorageNames>();
            return new TableReportCallSource(sp.GetRequiredService<TableServiceClient>(), names);
        });
        services.TryAddSingleton<IHealthReportContextSource>(sp => new StoredHealthReportContext(
            sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<StorageNames>(), sp.GetRequiredService<WorkspaceSettingsStore>(),
            sp.GetRequiredService<CampaignSettingsStore>(), sp.GetRequiredService<IOrphanAttachmentSource>(), sp.GetRequiredService<DisplayNameSource>()));
        return builder;
    }
}
