namespace Callaro.Functions.Attachments;

/// <summary>Settings for attachments (<c>Callaro:Attachments</c>).</summary>
public sealed class AttachmentOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Callaro:Attachments";

    /// <summary>How long a recording link works: minutes, not days (5 to 15).</summary>
    public TimeSpan ReadLinkLifetime { get; set; } = TimeSpan.FromMinutes(10);
}
