using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Callaro.Storage.Internal;

/// <summary>
/// Signs Table requests with the Table service's Shared Key string:
/// VERB, Content-MD5, Content-Type, Date (the x-ms-date value), CanonicalizedResource (path plus <c>?comp=</c> only).
/// Runs per retry, after <see cref="StorageHeadersPolicy"/>, so each attempt carries a fresh date and signature.
/// </summary>
internal sealed class TableSharedKeyPolicy : HttpPipelineSynchronousPolicy
{
    private readonly SharedKeyCredential _credential;

    public TableSharedKeyPolicy(SharedKeyCredential credential) => _credential = credential;

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var stringToSign = BuildStringToSign(request, _credential.AccountName);
        request.Headers.SetValue("Authorization", $"SharedKey {_credential.AccountName}:{_credential.Sign(stringToSign)}");
    }

    internal static string BuildStringToSign(Request request, string accountName)
    {
        var sb = new StringBuilder(256);
        sb.Append(request.Method.Method).Append('\n');
        sb.Append(Header(request, "Content-MD5")).Append('\n');
        sb.Append(Header(request, "Content-Type")).Append('\n');
        var date = Header(request, "x-ms-date");
        sb.Append(date.Length > 0 ? date : Header(request, "Date")).Append('\n');
        sb.Append(CanonicalizedResource(request.Uri.Path, request.Uri.Query, accountName));
        return sb.ToString();
    }

    /// <summary>
    /// <c>/account/path</c> with the path exactly as sent (percent-encoding kept; for path-style Azurite
    /// URLs the account appears twice), plus <c>?comp=</c> when present: no other query parameter is signed.
    /// </summary>
    internal static string CanonicalizedResource(Uri uri, string accountName) =>
        CanonicalizedResource(uri.AbsolutePath, uri.Query, accountName);

    private static string CanonicalizedResource(string path, string query, string accountName)
    {
        var resource = "/" + accountName + (path.Length == 0 ? "/" : path);
        var comp = query.Length == 0 ? null : QueryParameter(query, "comp");
        return comp is null ? resource : resource + "?comp=" + comp;
    }

    private static string Header(Request request, string name) =>
        request.Headers.TryGetValue(name, out var value) ? value : "";

    private static string? QueryParameter(string query, string name)
    {
        foreach (var (key, value) in QueryString.Parse(query))
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}

/// <summary>Splits a URL query into decoded name/value pairs.</summary>
internal static class QueryString
{
    public static List<(string Name, string Value)> Parse(string query)
    {
        var result = new List<(string, string)>();
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? "" : part[(eq + 1)..];
            result.Add((Uri.UnescapeDataString(name), Uri.UnescapeDataString(value)));
        }

        return result;
    }
}
