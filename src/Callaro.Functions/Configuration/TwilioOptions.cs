namespace Callaro.Functions.Configuration;

/// <summary>Twilio's account auth token, which signs its status callbacks (<c>Callaro:Twilio</c>).</summary>
public sealed class TwilioOptions
{
    public const string SectionName = "Callaro:Twilio";

    public string AuthToken { get; set; } = "";
}
