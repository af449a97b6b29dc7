namespace Callaro.Functions.Configuration;

/// <summary>Vonage's signature secret, which signs its voice event webhooks (<c>Callaro:Vonage</c>).</summary>
public sealed class VonageOptions
{
    public const string SectionName = "Callaro:Vonage";

    public string SignatureSecret { get; set; } = "";
}
