using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Callaro.Storage.Internal;

namespace Callaro.Storage.Tables;

/// <summary>
/// An entity group transaction as the service takes it: one <c>$batch</c> POST whose multipart body
/// holds one change set with a sub-request per action. The service applies all or none.
/// </summary>
internal sealed class TableTransaction
{
    public const int MaxActions = 100;

    private readonly string _batchBoundary = "batch_" + Guid.NewGuid().ToString("N");
    private readonly string _changesetBoundary = "changeset_" + Guid.NewGuid().ToString("N");
    private readonly IReadOnlyList<TableTransactionAction> _actions;

    public TableTransaction(string endpoint, string tableName, IReadOnlyList<TableTransactionAction> actions)
    {
        _actions = actions;
        Body = BuildBody(endpoint, tableName);
    }

    public string ContentType => "multipart/mixed; boundary=" + _batchBoundary;

    public ReadOnlyMemory<byte> Body { get; }

    public static void Validate(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count == 0)
        {
            throw new ArgumentException("A transaction needs at least one action.", nameof(actions));
        }

        if (actions.Count > MaxActions)
        {
            throw new ArgumentException($"A transaction holds at most {MaxActions} actions; this one has {actions.Count}. Split it.", nameof(actions));
        }

        var partition = actions[0].Entity?.PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i] ?? throw new ArgumentException($"Action {i} is null.", nameof(actions));
            var entity = action.Entity ?? throw new ArgumentException($"Action {i} has no entity.", nameof(actions));
            if (action.ActionType == TableTransactionActionType.Delete)
            {
                TableEntityValidator.ValidateKeys(entity.PartitionKey, entity.RowKey);
            }
            else
            {
                TableEntityValidator.Validate(entity);
            }

            if (!string.Equals(entity.PartitionKey, partition, StringComparison.Ordinal))
            {
                throw new ArgumentException($"All actions of a transaction must share one PartitionKey; action {i} uses another.", nameof(actions));
            }

            if (!rows.Add(entity.RowKey))
            {
                throw new ArgumentException($"Action {i} touches a RowKey an earlier action already touches; a transaction may touch each entity once.", nameof(actions));
            }
        }
    }

    private ReadOnlyMemory<byte> BuildBody(string endpoint, string tableName)
    {
        var sb = new StringBuilder(1024 * _actions.Count);
        sb.Append("--").Append(_batchBoundary).Append("\r\n");
        sb.Append("Content-Type: multipart/mixed; boundary=").Append(_changesetBoundary).Append("\r\n\r\n");
        foreach (var action in _actions)
        {
            AppendAction(sb, endpoint, tableName, action);
        }

        sb.Append("--").Append(_changesetBoundary).Append("--\r\n");
        sb.Append("--").Append(_batchBoundary).Append("--\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private void AppendAction(StringBuilder sb, string endpoint, string tableName, TableTransactionAction action)
    {
        var entity = action.Entity;
        var entityUrl = $"{endpoint}/{tableName}(PartitionKey='{TableClient.EscapeKey(entity.PartitionKey)}',RowKey='{TableClient.EscapeKey(entity.RowKey)}')";
        var (method, url, ifMatch, hasBody) = action.ActionType switch
        {
            TableTransactionActionType.Add => ("POST", $"{endpoint}/{tableName}", null, true),
            TableTransactionActionType.UpsertMerge => ("MERGE", entityUrl, null, true),
            TableTransactionActionType.UpsertReplace => ("PUT", entityUrl, null, true),
            TableTransactionActionType.UpdateMerge => ("MERGE", entityUrl, TableClient.IfMatchValue(action.ETag), true),
            TableTransactionActionType.UpdateReplace => ("PUT", entityUrl, TableClient.IfMatchValue(action.ETag), true),
            TableTransactionActionType.Delete => ("DELETE", entityUrl, TableClient.IfMatchValue(action.ETag), false),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.ActionType, "Unknown transaction action type."),
        };

        sb.Append("--").Append(_changesetBoundary).Append("\r\n");
        sb.Append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n");
        sb.Append(method).Append(' ').Append(url).Append(" HTTP/1.1\r\n");
        sb.Append("Accept: ").Append(TableClient.JsonAccept).Append("\r\n");
        sb.Append("DataServiceVersion: 3.0\r\n");
        if (ifMatch is not null)
        {
            sb.Append("If-Match: ").Append(ifMatch).Append("\r\n");
        }

        if (hasBody)
        {
            sb.Append("Prefer: return-no-content\r\n");
            sb.Append("Content-Type: application/json\r\n\r\n");
            sb.Append(Encoding.UTF8.GetString(TableEntityJson.Serialize(entity).Span)).Append("\r\n");
        }
        else
        {
            sb.Append("\r\n");
        }
    }

    /// <summary>The per-action responses, or the exception for the action the service blamed.</summary>
    /// <exception cref="TableTransactionFailedException">Any action failed, or the whole batch was refused.</exception>
    public IReadOnlyList<Response> ParseResponse(Response response)
    {
        if (response.Status >= 400)
        {
            throw Failed(response.Status, StorageErrorParser.ParseBody(response), response);
        }

        var parts = SplitParts(response.Content.ToString());
        var results = new List<Response>(parts.Count);
        foreach (var part in parts)
        {
            if (part.Status >= 400)
            {
                var (code, message) = ParseJsonError(part.Body);
                part.Headers.TryGetValue("x-ms-error-code", out var headerCode);
                throw Failed(part.Status, (headerCode ?? code, message), response);
            }

            results.Add(part);
        }

        return results;
    }

    private TableTransactionFailedException Failed(int status, (string? Code, string? Message) error, Response response)
    {
        var index = ParseFailedIndex(error.Message);
        if (index is { } i && (i < 0 || i >= _actions.Count))
        {
            index = null;
        }

        response.Headers.TryGetValue("x-ms-error-code", out var headerCode);
        var code = error.Code ?? headerCode;
        var blamed = index is { } n ? $"Action {n} ({_actions[n].ActionType} of RowKey '{_actions[n].Entity.RowKey}')" : "An action";
        var text = $"{blamed} failed with {status} {code}; nothing in the transaction was applied. Service message: {error.Message}";
        return new TableTransactionFailedException(status, text, code, index);
    }

    /// <summary>The service prefixes its message with the failing action's index: "3:The specified entity already exists.".</summary>
    internal static int? ParseFailedIndex(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return null;
        }

        var colon = message.IndexOf(':');
        return colon > 0 && int.TryParse(message.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }

    private static (string? Code, string? Message) ParseJsonError(string body)
    {
        if (string.IsNullOrWhiteSpace(body) || !body.TrimStart().StartsWith('{'))
        {
            return (null, null);
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            if (!doc.RootElement.TryGetProperty("odata.error", out var error))
            {
                return (null, null);
            }

            var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
            var message = error.TryGetProperty("message", out var m)
                ? (m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString() : m.ToString())
                : null;
            return (code, message);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>Finds each embedded HTTP response ("HTTP/1.1 204 No Content", headers, body) in the multipart answer.</summary>
    private static List<SubResponse> SplitParts(string body)
    {
        var result = new List<SubResponse>();
        var position = 0;
        while ((position = body.IndexOf("HTTP/1.1 ", position, StringComparison.Ordinal)) >= 0)
        {
            var lineEnd = body.IndexOf('\n', position);
            var statusLine = body[position..(lineEnd < 0 ? body.Length : lineEnd)].TrimEnd('\r');
            var statusParts = statusLine.Split(' ', 3);
            var status = int.Parse(statusParts[1], CultureInfo.InvariantCulture);
            var reason = statusParts.Length > 2 ? statusParts[2] : "";
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var cursor = lineEnd + 1;
            while (cursor > 0 && cursor < body.Length)
            {
                var end = body.IndexOf('\n', cursor);
                var line = body[cursor..(end < 0 ? body.Length : end)].TrimEnd('\r');
                cursor = end < 0 ? body.Length : end + 1;
                if (line.Length == 0)
                {
                    break;
                }

                var colon = line.IndexOf(':');
                if (colon > 0)
                {
                    headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }
            }

            var next = body.IndexOf("\n--", cursor, StringComparison.Ordinal);
            var content = body[cursor..(next < 0 ? body.Length : next)].Trim();
            result.Add(new SubResponse(status, reason, headers, content));
            position = next < 0 ? body.Length : next;
        }

        return result;
    }

    /// <summary>One action's answer inside a transaction's multipart response.</summary>
    private sealed class SubResponse(int status, string reason, Dictionary<string, string> headers, string body) : Response
    {
        public string Body => body;

        public new Dictionary<string, string> Headers => headers;

        public override int Status => status;

        public override string ReasonPhrase => reason;

        public override Stream? ContentStream { get; set; } = new MemoryStream(Encoding.UTF8.GetBytes(body), writable: false);

        public override string ClientRequestId { get; set; } = headers.TryGetValue("x-ms-client-request-id", out var id) ? id : "";

        public override void Dispose() => ContentStream?.Dispose();

        protected override bool ContainsHeader(string name) => headers.ContainsKey(name);

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => headers.Select(h => new HttpHeader(h.Key, h.Value));

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value) => headers.TryGetValue(name, out value);

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            var found = headers.TryGetValue(name, out var value);
            values = found ? [value!] : null;
            return found;
        }
    }
}
