using Azure;

namespace Callaro.Storage.Tables;

/// <summary>
/// A table entity as a property bag, like <c>Azure.Data.Tables.TableEntity</c>. Values are the Edm types:
/// string, int, long, double, bool, DateTimeOffset, Guid, byte[] (BinaryData is accepted on write).
/// </summary>
public sealed class TableEntity : IDictionary<string, object?>
{
    /// <summary>Creates an empty entity.</summary>
    public TableEntity() => throw new NotImplementedException();

    /// <summary>Creates an entity with its keys.</summary>
    public TableEntity(string partitionKey, string rowKey) => throw new NotImplementedException();

    /// <summary>The partition key.</summary>
    public string PartitionKey { get => throw new NotImplementedException(); set => throw new NotImplementedException(); }

    /// <summary>The row key.</summary>
    public string RowKey { get => throw new NotImplementedException(); set => throw new NotImplementedException(); }

    /// <summary>The service timestamp (read only in practice).</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>The entity's ETag as returned by the service.</summary>
    public ETag ETag { get; set; }

    /// <summary>Reads a string property, or null.</summary>
    public string? GetString(string key) => throw new NotImplementedException();
    /// <summary>Reads an Int32 property, or null.</summary>
    public int? GetInt32(string key) => throw new NotImplementedException();
    /// <summary>Reads an Int64 property, or null.</summary>
    public long? GetInt64(string key) => throw new NotImplementedException();
    /// <summary>Reads a Double property, or null.</summary>
    public double? GetDouble(string key) => throw new NotImplementedException();
    /// <summary>Reads a Boolean property, or null.</summary>
    public bool? GetBoolean(string key) => throw new NotImplementedException();
    /// <summary>Reads a DateTime property, or null.</summary>
    public DateTimeOffset? GetDateTimeOffset(string key) => throw new NotImplementedException();
    /// <summary>Reads a Guid property, or null.</summary>
    public Guid? GetGuid(string key) => throw new NotImplementedException();
    /// <summary>Reads a Binary property, or null.</summary>
    public byte[]? GetBinary(string key) => throw new NotImplementedException();

#pragma warning disable CS1591
    public object? this[string key] { get => throw new NotImplementedException(); set => throw new NotImplementedException(); }
    public ICollection<string> Keys => throw new NotImplementedException();
    public ICollection<object?> Values => throw new NotImplementedException();
    public int Count => throw new NotImplementedException();
    public bool IsReadOnly => false;
    public void Add(string key, object? value) => throw new NotImplementedException();
    public void Add(KeyValuePair<string, object?> item) => throw new NotImplementedException();
    public void Clear() => throw new NotImplementedException();
    public bool Contains(KeyValuePair<string, object?> item) => throw new NotImplementedException();
    public bool ContainsKey(string key) => throw new NotImplementedException();
    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) => throw new NotImplementedException();
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => throw new NotImplementedException();
    public bool Remove(string key) => throw new NotImplementedException();
    public bool Remove(KeyValuePair<string, object?> item) => throw new NotImplementedException();
    public bool TryGetValue(string key, out object? value) => throw new NotImplementedException();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
#pragma warning restore CS1591
}
