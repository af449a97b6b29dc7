using Azure;
using Azure.Core;

namespace Callaro.Storage.Tables;

/// <summary>How an upsert or update treats properties not in the entity.</summary>
public enum TableUpdateMode
{
    /// <summary>Keep existing properties not present in the entity.</summary>
    Merge,
    /// <summary>Replace the whole entity.</summary>
    Replace,
}

/// <summary>Options for table clients: retries, diagnostics, extra pipeline policies.</summary>
public sealed class TableClientOptions : ClientOptions
{
    /// <summary>The <c>x-ms-version</c> sent with every request.</summary>
    public string ServiceVersion { get; set; } = "2020-12-06";

    /// <summary>The clock that dates requests (tests replace it).</summary>
    internal TimeProvider Clock { get; set; } = TimeProvider.System;
}

/// <summary>The kind of operation in an entity group transaction.</summary>
public enum TableTransactionActionType
{
    /// <summary>Insert; fails if the entity exists.</summary>
    Add,
    /// <summary>Update with merge semantics and If-Match.</summary>
    UpdateMerge,
    /// <summary>Update with replace semantics and If-Match.</summary>
    UpdateReplace,
    /// <summary>Upsert with merge semantics.</summary>
    UpsertMerge,
    /// <summary>Upsert with replace semantics.</summary>
    UpsertReplace,
    /// <summary>Delete with If-Match (<see cref="ETag.All"/> for unconditional).</summary>
    Delete,
}

/// <summary>One operation of an entity group transaction.</summary>
/// <param name="ActionType">What to do.</param>
/// <param name="Entity">The entity (for Delete only the keys are used).</param>
/// <param name="ETag">The If-Match value for updates and deletes; default means unconditional (<c>*</c>).</param>
public sealed record TableTransactionAction(TableTransactionActionType ActionType, TableEntity Entity, ETag ETag = default);

/// <summary>A transaction failed as a whole; nothing in it was applied.</summary>
public sealed class TableTransactionFailedException : RequestFailedException
{
    /// <summary>Creates the exception.</summary>
    public TableTransactionFailedException(int status, string message, string? errorCode, int? failedTransactionActionIndex)
        : base(status, message, errorCode, null) => FailedTransactionActionIndex = failedTransactionActionIndex;

    /// <summary>Index of the action the service blamed, when it said.</summary>
    public int? FailedTransactionActionIndex { get; }
}

/// <summary>A table in a listing.</summary>
/// <param name="Name">The table name.</param>
public sealed record TableItem(string Name);
