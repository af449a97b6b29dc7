using System.Globalization;
using System.Text.Json;
using Azure;
using Callaro.Core.Attachments;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Callaro.Functions.Invocations;

/// <summary>
/// Reads a blob-trigger invocation: the blob's name from <c>Metadata.name</c>, its container from
/// <c>Metadata.BlobTrigger</c> (or the function's configured container), its version and size from
/// <c>Metadata.Properties</c>, user metadata from <c>Metadata.Metadata</c>, and the content (base64) from
/// <c>Data.{binding}</c>. Properties the host left out are read from storage (one HEAD), so the same
/// code serves the classic trigger, the Event Grid source and the local runner.
/// </summary>
internal static class BlobTriggerInput
{
    /// <summary>The binding name used in our function.json files.</summary>
    public const string BindingName = "blob";

    public static async Task<TriggeredBlob> ReadAsync(HostInvocation invocation, string configuredContainer, BlobServiceClient blobs, CancellationToken cancellationToken)
    {
        var name = invocation.MetadataString("name")
            ?? throw new InvalidInvocationException("Metadata.name is missing: the blob trigger's path must be '<container>/{name}' so the host sends the blob name.");
        var container = ContainerFrom(invocation.MetadataString("BlobTrigger"), name) ?? configuredContainer;

        invocation.MetadataObject("Properties", out var properties);
        var metadata = UserMetadata(invocation, properties);
        var etag = String(properties, "ETag");
        var lastModified = Date(properties, "LastModified");
        var length = Long(properties, "ContentLength") ?? Long(properties, "Length");
        var contentType = String(properties, "ContentType");

        if (etag is null || lastModified is null || length is null)
        {
            // Event Grid and name-only deliveries carry less; one HEAD fills in the rest.
            try
            {
                var head = (await blobs.GetBlobContainerClient(container).GetBlobClient(name).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
                etag ??= head.ETag.ToString();
                lastModified ??= head.LastModified;
                length ??= head.ContentLength;
                contentType ??= head.ContentType;
                if (metadata.Count == 0) metadata = head.Metadata.AsReadOnly();
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                throw new InvalidInvocationException($"Blob '{container}/{name}' does not exist (deleted after it was written?), and the invocation did not describe it in Metadata.Properties.");
            }
        }

        return new TriggeredBlob(container, name, new BlobVersion(etag.Trim('"'), lastModified.Value, String(properties, "VersionId")), length.Value, contentType, metadata);
    }

    /// <summary>The content binding, if the host sent one (null for name-only bindings).</summary>
    public static JsonElement? Content(HostInvocation invocation)
    {
        if (HostInvocation.TryGet(invocation.Data, BindingName, out var value)) return value;
        // Tolerate another binding name: the only string in Data is the content.
        foreach (var property in invocation.Data.EnumerateObject())
            if (property.Value.ValueKind == JsonValueKind.String) return property.Value;
        return null;
    }

    // BlobTrigger is "<container>/<name>"; when it is there it is the truth about where the blob lives.
    private static string? ContainerFrom(string? blobTrigger, string name) =>
        blobTrigger is { } path && path.EndsWith("/" + name, StringComparison.Ordinal) && path.Length > name.Length + 1
            ? path[..^(name.Length + 1)]
            : null;

    private static IReadOnlyDictionary<string, string> UserMetadata(HostInvocation invocation, JsonElement properties)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (invocation.MetadataObject("Metadata", out var metadata) || HostInvocation.AsObject(properties, "Metadata", out metadata))
        {
            foreach (var property in metadata.EnumerateObject())
                if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                    result[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        }
        return result;
    }

    private static string? String(JsonElement properties, string name) =>
        HostInvocation.TryGet(properties, name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    private static long? Long(JsonElement properties, string name)
    {
        if (!HostInvocation.TryGet(properties, name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0) return n;
        if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) return parsed;
        throw new InvalidInvocationException($"Metadata.Properties.{name} must be a non-negative number of bytes.");
    }

    private static DateTimeOffset? Date(JsonElement properties, string name)
    {
        if (String(properties, name) is not { } text) return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new InvalidInvocationException($"Metadata.Properties.{name} '{text}' is not a date.");
    }
}
