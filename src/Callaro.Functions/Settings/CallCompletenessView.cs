using System.Globalization;
using Callaro.Core.Calls;
using Callaro.Core.Settings;

namespace Callaro.Functions.Settings;

/// <summary>
/// <see cref="CallCompleteness"/> as the API and the call detail page show it: states as words
/// (<c>logged</c>, <c>pending</c>, <c>missing</c>, <c>notEnabled</c>, <c>unreadable</c>, <c>notExpected</c>),
/// owners as <c>callaro</c> or <c>crm</c>, field values as invariant text.
/// </summary>
public sealed record CallCompletenessView(
    AttachmentStatusView OutcomeAndSummary,
    AttachmentStatusView Transcript,
    AttachmentStatusView Recording,
    AttachmentStatusView CrmActivity,
    IReadOnlyList<FieldStatusView> Fields)
{
    public static CallCompletenessView From(CallCompleteness c) => new(
        AttachmentStatusView.From(c.OutcomeAndSummary), AttachmentStatusView.From(c.Transcript), AttachmentStatusView.From(c.Recording),
        AttachmentStatusView.From(c.CrmActivity), c.Fields.Select(FieldStatusView.From).ToList());

    public static string Word(AttachmentState state) => state switch
    {
        AttachmentState.Logged => "logged",
        AttachmentState.Pending => "pending",
        AttachmentState.Missing => "missing",
        AttachmentState.NotEnabled => "notEnabled",
        AttachmentState.Unreadable => "unreadable",
        _ => "notExpected",
    };

    public static string Word(FieldOwner owner) => owner == FieldOwner.Crm ? CampaignSettings.Crm : CampaignSettings.Callaro;
}

/// <summary>One attachment's state on the wire.</summary>
public sealed record AttachmentStatusView(string State, DateTimeOffset? PendingUntil, string? Reason)
{
    public static AttachmentStatusView From(AttachmentStatus s) => new(CallCompletenessView.Word(s.State), s.PendingUntil, s.Reason);
}

/// <summary>One field's state, owner and value on the wire.</summary>
public sealed record FieldStatusView(string Name, bool Expected, string Owner, string State, string? Value, DateTimeOffset? PendingUntil, string? Reason)
{
    public static FieldStatusView From(FieldStatus f) =>
        new(f.Name, f.Expected, CallCompletenessView.Word(f.Owner), CallCompletenessView.Word(f.State), Text(f.Value), f.PendingUntil, f.Reason);

    private static string? Text(CallFieldValue? v) => v switch
    {
        null => null,
        { Text: { } t } => t,
        { Number: { } n } => n.ToString(CultureInfo.InvariantCulture),
        { Flag: { } b } => b ? "true" : "false",
        { Date: { } d } => d.ToString("O", CultureInfo.InvariantCulture),
        _ => null,
    };
}
