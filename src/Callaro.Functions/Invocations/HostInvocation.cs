using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Callaro.Functions.Invocations;

/// <summary>
/// One invocation as the Functions host sends it to a custom handler: <c>POST /{FunctionName}</c> with
/// <c>{"Data":{binding: value},"Metadata":{name: value}}</c>. Values are JSON; the host sometimes sends
/// an object as a JSON string (e.g. <c>Metadata.Properties</c>), which <see cref="MetadataObject"/> accepts.
/// </summary>
public sealed class HostInvocation : IDisposable
{
    private readonly JsonDocument _document;

    private HostInvocation(JsonDocument document, JsonElement data, JsonElement metadata)
    {
        _document = document;
        Data = data;
        Metadata = metadata;
    }

    /// <summary>The <c>Data</c> object: input bindings by name.</summary>
    public JsonElement Data { get; }

    /// <summary>The <c>Metadata</c> object: trigger metadata by name (blob: <c>name</c>, <c>Uri</c>, <c>Properties</c>, <c>Metadata</c>...).</summary>
    public JsonElement Metadata { get; }

    /// <summary>Reads the host payload; false with a reason when it is not the host's shape.</summary>
    public static async Task<(HostInvocation? Invocation, string? Problem)> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, new JsonDocumentOptions { MaxDepth = 64 }, cancellationToken);
        }
        catch (JsonException e)
        {
            return (null, $"The invocation body is not valid JSON ({e.Message}). The Functions host sends {{\"Data\":{{...}},\"Metadata\":{{...}}}}.");
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            return Fail(document, "The invocation body must be a JSON object {\"Data\":{...},\"Metadata\":{...}}.");
        if (!TryGet(root, "Data", out var data) || data.ValueKind != JsonValueKind.Object)
            return Fail(document, "The invocation body has no 'Data' object; the Functions host sends the trigger's input there.");
        if (!TryGet(root, "Metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object)
            return Fail(document, "The invocation body has no 'Metadata' object; the Functions host sends the trigger metadata there.");
        return (new HostInvocation(document, data, metadata), null);
    }

    private static (HostInvocation?, string?) Fail(JsonDocument document, string problem)
    {
        document.Dispose();
        return (null, problem);
    }

    /// <summary>A metadata string (names compared case-insensitively, as the host's casing varies by version).</summary>
    public string? MetadataString(string name) =>
        TryGet(Metadata, name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A metadata object, also when the host sent it as a JSON string.</summary>
    public bool MetadataObject(string name, out JsonElement value) => AsObject(Metadata, name, out value);

    /// <summary>A property of <paramref name="element"/> by case-insensitive name, unless null.</summary>
    public static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind != JsonValueKind.Null)
                {
                    value = property.Value;
                    return true;
                }
            }
        }
        value = default;
        return false;
    }

    /// <summary>A property that is an object, or a string holding a JSON object.</summary>
    public static bool AsObject(JsonElement element, string name, out JsonElement value)
    {
        if (!TryGet(element, name, out var found)) { value = default; return false; }
        if (found.ValueKind == JsonValueKind.Object) { value = found; return true; }
        if (found.ValueKind == JsonValueKind.String && found.GetString() is { } text && text.TrimStart().StartsWith('{'))
        {
            try
            {
                // Cloned so the element outlives the temporary document.
                using var inner = JsonDocument.Parse(text);
                value = inner.RootElement.Clone();
                return true;
            }
            catch (JsonException) { }
        }
        value = default;
        return false;
    }

    /// <inheritdoc />
    public void Dispose() => _document.Dispose();
}

/// <summary>The answer to the host: <c>{"Outputs":{},"Logs":[...],"ReturnValue":null}</c>. Logs show up in the host's invocation log.</summary>
/// <param name="Outputs">Output bindings (none of Callaro's functions has any).</param>
/// <param name="Logs">Lines the host writes to its log for this invocation.</param>
/// <param name="ReturnValue">The function's return value (unused).</param>
public sealed record InvocationResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("Outputs")] IReadOnlyDictionary<string, object?> Outputs,
    [property: System.Text.Json.Serialization.JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: System.Text.Json.Serialization.JsonPropertyName("ReturnValue")] object? ReturnValue)
{
    /// <summary>A successful invocation with log lines.</summary>
    public static InvocationResponse Success(params string[] logs) => new(new Dictionary<string, object?>(), logs, null);
}

/// <summary>A host payload that is well-formed JSON but not what the function needs.</summary>
/// <param name="message">What is wrong, for the 400 problem.</param>
public sealed class InvalidInvocationException(string message) : Exception(message);

/// <summary>Helpers for the host's value conventions.</summary>
internal static class HostValues
{
    /// <summary>
    /// Decodes at most the first <paramref name="maxBytes"/> bytes of a base64 JSON string without
    /// materialising the rest: a recording's header is a few KiB of a payload that may be tens of MiB.
    /// </summary>
    /// <returns>False when the value is not base64.</returns>
    public static bool TryDecodeBase64Prefix(JsonElement value, int maxBytes, out byte[] bytes)
    {
        bytes = [];
        if (value.ValueKind != JsonValueKind.String) return false;
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value)[1..^1]; // the raw JSON keeps its quotes
        if (raw.IndexOf((byte)'\\') >= 0 || raw.IndexOfAny((byte)' ', (byte)'\n', (byte)'\r') >= 0)
        {
            // Escaped or wrapped base64 (a serializer's choice): take the slow, exact road.
            if (!value.TryGetBytesFromBase64(out var all)) return false;
            bytes = all.Length <= maxBytes ? all : all[..maxBytes];
            return true;
        }

        if (raw.Length % 4 != 0) return false;
        var take = Math.Min(raw.Length, (maxBytes + 2) / 3 * 4);
        var buffer = new byte[take / 4 * 3];
        var status = System.Buffers.Text.Base64.DecodeFromUtf8(raw[..take], buffer, out _, out var written, isFinalBlock: true); // a whole number of quads: a block of its own
        if (status != System.Buffers.OperationStatus.Done) return false;
        // The prefix decoded cleanly; the rest must still be base64, or the payload is not what the host sends.
        if (take < raw.Length && !IsBase64Tail(raw[take..])) return false;
        bytes = buffer.AsSpan(0, Math.Min(written, maxBytes)).ToArray();
        return true;
    }

    private static bool IsBase64Tail(ReadOnlySpan<byte> tail) => System.Buffers.Text.Base64.IsValid(tail);
}
