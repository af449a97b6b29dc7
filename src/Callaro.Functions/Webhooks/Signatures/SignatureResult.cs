namespace Callaro.Functions.Webhooks.Signatures;

/// <summary>
/// The outcome of checking a webhook signature. A failure says which header is missing or wrong, or
/// that the timestamp is stale, in words the sender can act on; it never contains the secret or the
/// expected signature.
/// </summary>
public sealed record SignatureResult
{
    private SignatureResult(string? failure) => Failure = failure;

    /// <summary>Why the delivery was rejected; null when the signature is good.</summary>
    public string? Failure { get; }

    /// <summary>True when the signature is good.</summary>
    public bool IsValid => Failure is null;

    /// <summary>The signature is good.</summary>
    public static SignatureResult Valid { get; } = new((string?)null);

    /// <summary>The signature is missing, malformed, stale or wrong.</summary>
    public static SignatureResult Invalid(string failure) => new(failure);
}
