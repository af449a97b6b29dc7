using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using Azure;

namespace Callaro.Storage.Tables;

/// <summary>
/// Writes and reads entities in the Table service's JSON (OData v3) format. Types JSON cannot carry
/// (Int64, Double, DateTime, Guid, Binary) travel with <c>@odata.type</c> annotations so they come
/// back as the same Edm type.
/// </summary>
internal static class TableEntityJson
{
    private const string TypeAnnotationSuffix = "@odata.type";

    private enum EdmType
    {
        None,
        Int64,
        Double,
        DateTime,
        Guid,
        Binary,
    }

    public static ReadOnlyMemory<byte> Serialize(TableEntity entity)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            Write(writer, entity);
        }

        return buffer.WrittenMemory;
    }

    public static void Write(Utf8JsonWriter writer, TableEntity entity)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in entity.Properties)
        {
            WriteProperty(writer, name, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, object? value)
    {
        switch (value)
        {
            case null:
                // The service stores no nulls; an absent property reads back as null.
                return;
            case string s:
                writer.WriteString(name, s);
                return;
            case int i:
                writer.WriteNumber(name, i);
                return;
            case bool b:
                writer.WriteBoolean(name, b);
                return;
            case long l:
                writer.WriteString(name + TypeAnnotationSuffix, "Edm.Int64");
                writer.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                return;
            case double d:
                writer.WriteString(name + TypeAnnotationSuffix, "Edm.Double");
                if (double.IsFinite(d))
                {
                    writer.WriteNumber(name, d);
                }
                else
                {
                    writer.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                }

                return;
            case DateTimeOffset dto:
                WriteDateTime(writer, name, dto.UtcDateTime);
                return;
            case DateTime dt:
                WriteDateTime(writer, name, dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime());
                return;
            case Guid g:
                writer.WriteString(name + TypeAnnotationSuffix, "Edm.Guid");
                writer.WriteString(name, g);
                return;
            case byte[] bytes:
                writer.WriteString(name + TypeAnnotationSuffix, "Edm.Binary");
                writer.WriteBase64String(name, bytes);
                return;
            case BinaryData data:
                writer.WriteString(name + TypeAnnotationSuffix, "Edm.Binary");
                writer.WriteBase64String(name, data.ToMemory().Span);
                return;
            case Enum e:
                writer.WriteString(name, e.ToString());
                return;
            default:
                throw new ArgumentException($"Property '{name}' has type {value.GetType().Name}, which is not an Edm type (string, int, long, double, bool, DateTimeOffset, Guid, byte[]).", "entity");
        }
    }

    private static void WriteDateTime(Utf8JsonWriter writer, string name, DateTime utc)
    {
        writer.WriteString(name + TypeAnnotationSuffix, "Edm.DateTime");
        Span<char> chars = stackalloc char[32];
        utc.TryFormat(chars, out var written, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        writer.WriteString(name, chars[..written]);
    }

    /// <summary>Reads one entity (the body of a point read).</summary>
    public static TableEntity ReadEntity(ReadOnlySpan<byte> json, PropertyNameCache names)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return ReadEntity(ref reader, names);
    }

    /// <summary>Reads the <c>value</c> array of a query answer.</summary>
    public static List<TableEntity> ReadQueryResult(ReadOnlySpan<byte> json, PropertyNameCache names, int capacity)
    {
        var result = new List<TableEntity>(capacity);
        var reader = new Utf8JsonReader(json);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A table query answer must be a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("value"u8))
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    result.Add(ReadEntity(ref reader, names));
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return result;
    }

    private static TableEntity ReadEntity(ref Utf8JsonReader reader, PropertyNameCache names)
    {
        var entity = new TableEntity(8);
        string? pendingName = null;
        var pendingType = EdmType.None;
        List<(string Name, EdmType Type)>? lateAnnotations = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameSpan = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
            if (nameSpan.EndsWith("@odata.type"u8))
            {
                var target = reader.ValueIsEscaped
                    ? reader.GetString()![..^TypeAnnotationSuffix.Length]
                    : names.Get(nameSpan[..^"@odata.type"u8.Length], false, ref reader);
                reader.Read();
                var type = ParseEdmType(ref reader);
                if (entity.Properties.ContainsKey(target))
                {
                    (lateAnnotations ??= []).Add((target, type));
                }
                else
                {
                    pendingName = target;
                    pendingType = type;
                }

                continue;
            }

            if (nameSpan.StartsWith("odata."u8))
            {
                var isETag = nameSpan.SequenceEqual("odata.etag"u8);
                reader.Read();
                if (isETag)
                {
                    entity.ETag = new ETag(reader.GetString()!);
                }
                else
                {
                    reader.Skip();
                }

                continue;
            }

            if (nameSpan.IndexOf((byte)'@') >= 0)
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            var name = names.Get(nameSpan, reader.ValueIsEscaped, ref reader);
            reader.Read();
            var edm = ReferenceEquals(name, pendingName) || name == pendingName ? pendingType : EdmType.None;
            pendingName = null;
            var value = ReadValue(ref reader, edm);
            if (name == "Timestamp")
            {
                entity.Timestamp = value switch
                {
                    DateTimeOffset dto => dto,
                    string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                    _ => null,
                };
                continue;
            }

            entity.SetRaw(name, value);
        }

        if (lateAnnotations is not null)
        {
            foreach (var (name, type) in lateAnnotations)
            {
                entity.SetRaw(name, Convert(entity[name], type));
            }
        }

        return entity;
    }

    private static EdmType ParseEdmType(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("Edm.Int64"u8) ? EdmType.Int64
        : reader.ValueTextEquals("Edm.Double"u8) ? EdmType.Double
        : reader.ValueTextEquals("Edm.DateTime"u8) ? EdmType.DateTime
        : reader.ValueTextEquals("Edm.Guid"u8) ? EdmType.Guid
        : reader.ValueTextEquals("Edm.Binary"u8) ? EdmType.Binary
        : EdmType.None;

    private static object? ReadValue(ref Utf8JsonReader reader, EdmType edm)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return edm switch
                {
                    EdmType.Int64 when !reader.ValueIsEscaped && Utf8Parser.TryParse(reader.ValueSpan, out long l, out var used) && used == reader.ValueSpan.Length => l,
                    EdmType.DateTime when reader.TryGetDateTimeOffset(out var dto) => dto.ToUniversalTime(),
                    EdmType.Guid when reader.TryGetGuid(out var g) => g,
                    EdmType.Binary when reader.TryGetBytesFromBase64(out var bytes) => bytes,
                    EdmType.None => reader.GetString(),
                    _ => Convert(reader.GetString(), edm),
                };
            case JsonTokenType.Number:
                if (edm == EdmType.Double)
                {
                    return reader.GetDouble();
                }

                if (edm == EdmType.Int64)
                {
                    return reader.GetInt64();
                }

                // Untyped numbers are Int32 unless they look like a double (as the service infers them).
                return reader.ValueSpan.IndexOfAny("."u8 + "eE"u8) < 0 && reader.TryGetInt32(out var i) ? (object)i : reader.GetDouble();
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Null:
                return null;
            default:
                reader.Skip();
                return null;
        }
    }

    private static object? Convert(object? value, EdmType type) => (value, type) switch
    {
        (string s, EdmType.Int64) => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture),
        (int i, EdmType.Int64) => (long)i,
        (string s, EdmType.Double) => s switch
        {
            "NaN" => double.NaN,
            "Infinity" or "INF" => double.PositiveInfinity,
            "-Infinity" or "-INF" => double.NegativeInfinity,
            _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
        },
        (int i, EdmType.Double) => (double)i,
        (string s, EdmType.DateTime) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime(),
        (string s, EdmType.Guid) => Guid.Parse(s),
        (string s, EdmType.Binary) => System.Convert.FromBase64String(s),
        _ => value,
    };
}

/// <summary>
/// Reuses property-name strings across the entities of a query: a scan of thousands of entities
/// with the same dozen names then allocates each name once, not once per entity.
/// </summary>
internal sealed class PropertyNameCache
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public PropertyNameCache() => _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<byte> utf8, bool escaped, ref Utf8JsonReader reader)
    {
        if (escaped || utf8.Length > 256 || _names.Count > 1024)
        {
            // Escaped names are rare; decode them through the reader (only valid for the current token).
            return escaped ? reader.GetString()! : System.Text.Encoding.UTF8.GetString(utf8);
        }

        Span<char> chars = stackalloc char[256];
        var count = System.Text.Encoding.UTF8.GetChars(utf8, chars);
        var span = chars[..count];
        if (_lookup.TryGetValue(span, out var cached))
        {
            return cached;
        }

        var name = span.ToString();
        _names[name] = name;
        return name;
    }
}
