using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Callaro.Storage.Internal;

/// <summary>
/// Appends the SAS token to every request's query. Per retry, and idempotent: a retried request
/// already carries the token, and a rotated token (<see cref="AzureSasCredential.Update"/>) replaces it.
/// </summary>
internal sealed class SasPolicy : HttpPipelineSynchronousPolicy
{
    private const string AppliedProperty = "Callaro.Storage.SasApplied";
    private readonly AzureSasCredential _credential;

    public SasPolicy(AzureSasCredential credential) => _credential = credential;

    public override void OnSendingRequest(HttpMessage message)
    {
        var signature = _credential.Signature.TrimStart('?');
        var uri = message.Request.Uri;
        var query = uri.Query;
        if (message.TryGetProperty(AppliedProperty, out var applied) && applied is string previous)
        {
            if (previous == signature)
            {
                return;
            }

            query = query.Replace(previous, "", StringComparison.Ordinal).Replace("&&", "&", StringComparison.Ordinal).TrimEnd('&');
            if (query == "?")
            {
                query = "";
            }
        }

        uri.Query = query.Length <= 1 ? "?" + signature : query + "&" + signature;
        message.SetProperty(AppliedProperty, signature);
    }
}

/// <summary>Bearer tokens for the storage scope (managed identity and other Azure.Identity credentials).</summary>
internal sealed class StorageBearerTokenPolicy : BearerTokenAuthenticationPolicy
{
    public const string Scope = "https://storage.azure.com/.default";

    public StorageBearerTokenPolicy(TokenCredential credential)
        : base(credential, Scope)
    {
    }
}
