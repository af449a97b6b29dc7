using System.Text.Json;
using System.Text.Json.Serialization;

namespace Callaro.Core.Health;

/// <summary>The one JSON shape of a report, for storage and the API alike.</summary>
public static class HealthReportJson
{
    /// <summary>camelCase names, enums as camelCase strings, indented, nulls kept so the shape is stable.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Serialises a report to UTF-8 JSON; the same report always gives the same bytes.</summary>
    public static byte[] Serialize(HealthReport report) => JsonSerializer.SerializeToUtf8Bytes(report, Options);

    /// <summary>Reads a stored report.</summary>
    /// <exception cref="JsonException">The content is not a report.</exception>
    public static HealthReport Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<HealthReport>(json, Options) ?? throw new JsonException("The report is empty.");
}
