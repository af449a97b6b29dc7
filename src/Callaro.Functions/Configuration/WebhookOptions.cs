namespace Callaro.Functions.Configuration;

/// <summary>The secret Callaro's own event sender signs webhooks with (<c>Callaro:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Callaro:Webhooks";

    public string SigningSecret { get; set; } = "";
}
