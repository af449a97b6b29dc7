using System.Globalization;

namespace Callaro.Storage.Tables;

/// <summary>
/// Rejects, before any request is sent, what the Table service would reject: forbidden key characters,
/// over-long keys, too many properties, and values over the service's size limits. The messages name
/// the property and the limit so the caller can fix the data.
/// </summary>
internal static class TableEntityValidator
{
    public const int MaxKeyLength = 1024;
    public const int MaxProperties = 255; // including PartitionKey, RowKey and Timestamp
    public const int MaxStringLength = 32 * 1024;
    public const int MaxBinaryLength = 64 * 1024;
    public const int MaxEntityBytes = 1024 * 1024;
    public const int MaxPropertyNameLength = 255;

    public static void ValidateKeys(string? partitionKey, string? rowKey)
    {
        ValidateKey(TableEntity.PartitionKeyName, partitionKey);
        ValidateKey(TableEntity.RowKeyName, rowKey);
    }

    public static void ValidateKey(string keyName, string? value)
    {
        if (value is null)
        {
            throw new ArgumentException($"The entity has no {keyName}; every entity needs a PartitionKey and a RowKey.", "entity");
        }

        if (value.Length > MaxKeyLength)
        {
            throw new ArgumentException($"{keyName} is {value.Length:N0} characters long; Azure Table Storage allows at most {MaxKeyLength:N0}.", "entity");
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                var shown = char.IsControl(c) ? "a control character" : $"'{c}'";
                throw new ArgumentException(
                    $"{keyName} contains {shown} (U+{(int)c:X4}) at position {i}; Azure Table Storage forbids '/', '\\', '#', '?' and control characters in keys.",
                    "entity");
            }
        }
    }

    public static void Validate(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ValidateKeys(entity.TryGetValue(TableEntity.PartitionKeyName, out var pk) ? pk as string : null,
                     entity.TryGetValue(TableEntity.RowKeyName, out var rk) ? rk as string : null);

        var count = entity.Count + (entity.ContainsKey("Timestamp") ? 0 : 1);
        if (count > MaxProperties)
        {
            throw new ArgumentException($"The entity has {count} properties (counting PartitionKey, RowKey and Timestamp); Azure Table Storage allows at most {MaxProperties}.", nameof(entity));
        }

        long size = 4;
        foreach (var (name, value) in entity)
        {
            ValidatePropertyName(name);
            size += 8 + (name.Length * 2L) + ValueSize(name, value);
        }

        if (size > MaxEntityBytes)
        {
            throw new ArgumentException($"The entity is about {size / 1024:N0} KiB; Azure Table Storage allows at most 1 MiB per entity.", nameof(entity));
        }
    }

    private static void ValidatePropertyName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxPropertyNameLength)
        {
            throw new ArgumentException($"Property names must be 1 to {MaxPropertyNameLength} characters; one is {name?.Length ?? 0}.", "entity");
        }

        if (name.Contains('@') || name.StartsWith("odata.", StringComparison.Ordinal) || name.Any(char.IsControl))
        {
            throw new ArgumentException($"Property name '{name}' is reserved or contains characters the service does not accept ('@', control characters).", "entity");
        }
    }

    private static long ValueSize(string name, object? value)
    {
        switch (value)
        {
            case string s when s.Length > MaxStringLength:
                throw new ArgumentException($"Property '{name}' is a string of {s.Length.ToString("N0", CultureInfo.InvariantCulture)} characters; Azure Table Storage allows at most {MaxStringLength:N0} (64 KiB of UTF-16).", "entity");
            case string s:
                return 4 + (s.Length * 2L);
            case byte[] b when b.Length > MaxBinaryLength:
                throw new ArgumentException($"Property '{name}' is {b.Length:N0} bytes of binary; Azure Table Storage allows at most {MaxBinaryLength:N0} (64 KiB).", "entity");
            case byte[] b:
                return 4 + b.Length;
            case BinaryData d when d.ToMemory().Length > MaxBinaryLength:
                throw new ArgumentException($"Property '{name}' is {d.ToMemory().Length:N0} bytes of binary; Azure Table Storage allows at most {MaxBinaryLength:N0} (64 KiB).", "entity");
            case BinaryData d:
                return 4 + d.ToMemory().Length;
            case null or int or bool:
                return 4;
            case long or double or DateTimeOffset or DateTime:
                return 8;
            case Guid:
                return 16;
            case Enum e:
                return 4 + (e.ToString().Length * 2L);
            default:
                throw new ArgumentException($"Property '{name}' has type {value.GetType().Name}, which is not an Edm type (string, int, long, double, bool, DateTimeOffset, Guid, byte[]).", "entity");
        }
    }
}
