using Azure.Core;
using Azure.Core.Pipeline;

namespace Callaro.Storage.Internal;

/// <summary>
/// Sets <c>Authorization: SharedKey account:signature</c> over the service's own string to sign (Table and Blob
/// differ). Runs per retry, after <see cref="StorageHeadersPolicy"/>, so each attempt carries a fresh date and signature.
/// </summary>
internal abstract class SharedKeyPolicy(SharedKeyCredential credential) : HttpPipelineSynchronousPolicy
{
    public sealed override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var signature = credential.Sign(StringToSign(request, credential.AccountName));
        request.Headers.SetValue("Authorization", $"SharedKey {credential.AccountName}:{signature}");
    }

    protected abstract string StringToSign(Request request, string accountName);
}
