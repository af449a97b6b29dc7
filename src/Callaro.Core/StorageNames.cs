namespace Callaro.Core;

/// <summary>
/// The tables and containers Callaro uses. A prefix (setting <c>Callaro:Storage:NamePrefix</c>) lets
/// several deployments, or parallel tests, share one storage account without seeing each other's data.
/// Table names must be alphanumeric; container names lowercase; so the prefix is lowercase letters and digits.
/// </summary>
/// <param name="Prefix">Lowercase letters and digits, possibly empty.</param>
public sealed record StorageNames(string Prefix = "")
{
    /// <summary>The call log: call records, log rows and alert rows, partitioned by workspace and date.</summary>
    public string CallsTable => Prefix + "calls";

    /// <summary>One summary row per stored health report, for listing (partition: workspace; newest first).</summary>
    public string HealthReportsTable => Prefix + "healthreports";

    /// <summary>Counters of rejected webhook deliveries per UTC day, hour, endpoint and reason.</summary>
    public string WebhookRejectionsTable => Prefix + "webhookrejections";

    /// <summary>Campaign settings: PartitionKey workspace, RowKey campaign id.</summary>
    public string CampaignsTable => Prefix + "campaigns";

    /// <summary>Stored health reports: <c>{workspace}/{yyyy-MM-dd}.json</c> and <c>.html</c>.</summary>
    public string ReportsContainer => Prefix + "reports";

    /// <summary>Every table the app needs, for provisioning.</summary>
    public IReadOnlyList<string> Tables => [CallsTable, CampaignsTable, HealthReportsTable, WebhookRejectionsTable];

    /// <summary>Every blob container the app needs, for provisioning.</summary>
    public IReadOnlyList<string> Containers => [ReportsContainer];
}
