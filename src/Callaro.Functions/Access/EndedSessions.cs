using Azure.Data.Tables;
using Callaro.Core;

namespace Callaro.Functions.Access;

/// <summary>
/// Sessions ended by signing out: a signed session token stays valid until it expires, so signing out
/// records its id here and every request with a session cookie (and a valid signature) checks it. One
/// point read per signed-in request; a forged or expired cookie is refused before storage is asked.
/// </summary>
internal sealed class EndedSessions(TableServiceClient tables, StorageNames names)
{
    private readonly TableClient _table = tables.GetTableClient(names.EndedSessionsTable);

    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    public Task EndAsync(Session session, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new TableEntity(session.Id, "") { ["ExpiresAt"] = session.ExpiresAt }, TableUpdateMode.Replace, cancellationToken);

    /// <exception cref="Azure.RequestFailedException">Storage failed.</exception>
    public async Task<bool> HasEndedAsync(Session session, CancellationToken cancellationToken) =>
        (await _table.GetEntityIfExistsAsync<TableEntity>(session.Id, "", cancellationToken: cancellationToken)).HasValue;
}
