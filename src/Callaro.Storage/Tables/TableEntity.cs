using Azure;

namespace Callaro.Storage.Tables;

/// <summary>
/// A table entity as a property bag, like <c>Azure.Data.Tables.TableEntity</c>. Values are the Edm types:
/// string, int, long, double, bool, DateTimeOffset, Guid, byte[] (BinaryData is accepted on write).
/// <c>PartitionKey</c> and <c>RowKey</c> are entries of the bag too; <see cref="Timestamp"/> and
/// <see cref="ETag"/> are not (the service owns them).
/// </summary>
public sealed class TableEntity : IDictionary<string, object?>
{
    internal const string PartitionKeyName = "PartitionKey";
    internal const string RowKeyName = "RowKey";

    private readonly Dictionary<string, object?> _properties;

    /// <summary>Creates an empty entity.</summary>
    public TableEntity() => _properties = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Creates an entity with its keys.</summary>
    public TableEntity(string partitionKey, string rowKey)
        : this()
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    internal TableEntity(int capacity) => _properties = new Dictionary<string, object?>(capacity, StringComparer.Ordinal);

    /// <summary>The partition key.</summary>
    public string PartitionKey
    {
        get => _properties.TryGetValue(PartitionKeyName, out var value) ? value as string ?? "" : "";
        set => _properties[PartitionKeyName] = value;
    }

    /// <summary>The row key.</summary>
    public string RowKey
    {
        get => _properties.TryGetValue(RowKeyName, out var value) ? value as string ?? "" : "";
        set => _properties[RowKeyName] = value;
    }

    /// <summary>The service timestamp (read only in practice).</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>The entity's ETag as returned by the service.</summary>
    public ETag ETag { get; set; }

    /// <summary>Reads a string property, or null.</summary>
    /// <exception cref="InvalidOperationException">The property holds another type.</exception>
    public string? GetString(string key) => Get<string>(key);

    /// <summary>Reads an Int32 property, or null.</summary>
    /// <exception cref="InvalidOperationException">The property holds another type.</exception>
    public int? GetInt32(string key) => GetStruct<int>(key);

    /// <summary>Reads an Int64 property (an Int32 widens), or null.</summary>
    /// <exception cref="InvalidOperationException">The property holds another type.</exception>
    public long? GetInt64(string key) =>
        _properties.TryGetValue(key, out var value) && value is int i ? i : GetStruct<long>(key);

    /// <summary>Reads a Double property (an Int32 widens), or null.</summary>
    /// <exception cref="InvalidOperationException">The property holds another type.</exception>
    public double? GetDouble(string key) =>
        _properties.TryGetValue(key, out var value) && value is int i ? i : GetStruct<double>(key);

    /// <summary>Reads a Boolean property, or null.</summary>
    /// <exception cref="InvalidOperationException">The property holds another type.</exception>
    public bool? GetBoolean(string key) => GetStruct<bool>(key);

    /// <summary>Reads a DateTime property, or null.</summary>
    /// <exception cref="InvalidOperationException">The property holds another type.</exception>
    public DateTimeOffset? GetDateTimeOffset(string key) =>
        _properties.TryGetValue(key, out var value) && value is DateTime dt ? new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)) : GetStruct<DateTimeOffset>(key);

    /// <summary>Reads a Guid property, or null.</summary>
    /// <exception cref="InvalidOperationException">The property holds another type.</exception>
    public Guid? GetGuid(string key) => GetStruct<Guid>(key);

    /// <summary>Reads a Binary property, or null.</summary>
    /// <exception cref="InvalidOperationException">The property holds another type.</exception>
    public byte[]? GetBinary(string key) =>
        _properties.TryGetValue(key, out var value) && value is BinaryData data ? data.ToArray() : Get<byte[]>(key);

    private T? Get<T>(string key)
        where T : class
    {
        if (!_properties.TryGetValue(key, out var value) || value is null)
        {
            return null;
        }

        return value as T ?? throw WrongType(key, value, typeof(T));
    }

    private T? GetStruct<T>(string key)
        where T : struct
    {
        if (!_properties.TryGetValue(key, out var value) || value is null)
        {
            return null;
        }

        return value is T typed ? typed : throw WrongType(key, value, typeof(T));
    }

    private static InvalidOperationException WrongType(string key, object value, Type wanted) =>
        new($"Property '{key}' holds a {value.GetType().Name}, not a {wanted.Name}.");

    /// <summary>Adds or replaces a value without the public setter's checks (used by the deserializer).</summary>
    internal void SetRaw(string key, object? value) => _properties[key] = value;

    internal Dictionary<string, object?> Properties => _properties;

#pragma warning disable CS1591
    public object? this[string key]
    {
        get => _properties.TryGetValue(key, out var value) ? value : null;
        set => _properties[key] = value;
    }

    public ICollection<string> Keys => _properties.Keys;
    public ICollection<object?> Values => _properties.Values;
    public int Count => _properties.Count;
    public bool IsReadOnly => false;
    public void Add(string key, object? value) => _properties.Add(key, value);
    public void Add(KeyValuePair<string, object?> item) => _properties.Add(item.Key, item.Value);
    public void Clear() => _properties.Clear();
    public bool Contains(KeyValuePair<string, object?> item) => ((ICollection<KeyValuePair<string, object?>>)_properties).Contains(item);
    public bool ContainsKey(string key) => _properties.ContainsKey(key);
    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) => ((ICollection<KeyValuePair<string, object?>>)_properties).CopyTo(array, arrayIndex);
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _properties.GetEnumerator();
    public bool Remove(string key) => _properties.Remove(key);
    public bool Remove(KeyValuePair<string, object?> item) => ((ICollection<KeyValuePair<string, object?>>)_properties).Remove(item);
    public bool TryGetValue(string key, out object? value) => _properties.TryGetValue(key, out value);
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
#pragma warning restore CS1591
}
