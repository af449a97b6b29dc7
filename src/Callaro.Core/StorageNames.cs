namespace Callaro.Core;

/// <summary>
/// The tables and containers Callaro uses. A prefix (setting <c>Callaro:Storage:NamePrefix</c>) lets
/// several deployments, or parallel tests, share one storage account without seeing each other's data.
/// Table names must be alphanumeric; container names lowercase; so the prefix is lowercase letters and digits.
/// The layout of the call tables is described in docs/table-design.md.
/// </summary>
/// <param name="Prefix">Lowercase letters and digits, possibly empty.</param>
public sealed record StorageNames(string Prefix = "")
{
    /// <summary>The call log: call records, log rows, alert rows and number index rows, partitioned by workspace and start date.</summary>
    public string CallsTable => Prefix + "calls";

    /// <summary>Call id -> the date partition holding the call, so a call is found by id without scanning.</summary>
    public string CallIdsTable => Prefix + "callids";

    /// <summary>Deal id -> its calls (hints verified against the call record), for the deal timeline.</summary>
    public string DealCallsTable => Prefix + "dealcalls";

    /// <summary>Workspace settings: reporting time zone and default locale.</summary>
    public string WorkspacesTable => Prefix + "workspaces";

    /// <summary>Campaign settings: PartitionKey workspace id, RowKey campaign id (see <c>Settings.CampaignSettingsStore</c>).</summary>
    public string CampaignsTable => Prefix + "campaigns";

    /// <summary>Recordings and transcripts by workspace and call id (see <c>Attachments.AttachmentStore</c>).</summary>
    public string AttachmentsTable => Prefix + "attachments";

    /// <summary>Blobs that arrived before their call; the health report lists those whose call never came.</summary>
    public string PendingAttachmentsTable => Prefix + "pendingattachments";

    /// <summary>Attachment problems (unreadable transcripts) by day, for the health report.</summary>
    public string AttachmentIssuesTable => Prefix + "attachmentissues";

    /// <summary>Audio dropped here is attached to its call (blob trigger <c>%CallaroRecordingsContainer%/{name}</c>).</summary>
    public string RecordingsContainer => Prefix + "recordings";

    /// <summary>Transcripts dropped here are attached to their call (blob trigger <c>%CallaroTranscriptsContainer%/{name}</c>).</summary>
    public string TranscriptsContainer => Prefix + "transcripts";

    /// <summary>Normalised transcript JSON written by Callaro (not a trigger path, so writing here fires nothing).</summary>
    public string TranscriptTextContainer => Prefix + "transcripttext";

    /// <summary>One summary row per stored health report, for listing (partition: workspace; newest first).</summary>
    public string HealthReportsTable => Prefix + "healthreports";

    /// <summary>Counters of rejected webhook deliveries per UTC day, hour, endpoint and reason.</summary>
    public string WebhookRejectionsTable => Prefix + "webhookrejections";

    /// <summary>Browser sessions ended by signing out, kept until they would have expired anyway.</summary>
    public string EndedSessionsTable => Prefix + "endedsessions";

    /// <summary>Stored health reports: <c>{workspace}/{yyyy-MM-dd}.json</c> and <c>.html</c>.</summary>
    public string ReportsContainer => Prefix + "reports";

    /// <summary>Every table the app needs, for provisioning.</summary>
    public IReadOnlyList<string> Tables => [CallsTable, CallIdsTable, DealCallsTable, WorkspacesTable, CampaignsTable, AttachmentsTable, PendingAttachmentsTable,
        AttachmentIssuesTable, HealthReportsTable, WebhookRejectionsTable, EndedSessionsTable];

    /// <summary>Every blob container the app needs, for provisioning.</summary>
    public IReadOnlyList<string> Containers => [RecordingsContainer, TranscriptsContainer, TranscriptTextContainer, ReportsContainer];
}
