using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Callaro.Simulator.Planning;
using Callaro.Simulator.Sending;

namespace Callaro.Simulator.Verification;

internal sealed record WrongStatus(string CallId, string Expected, string Actual);

/// <summary>What the log showed compared with the ground truth.</summary>
internal sealed record VerificationResult
{
    public required int Checked { get; init; }
    public required IReadOnlyList<string> Lost { get; init; }
    public required IReadOnlyList<WrongStatus> WrongStatus { get; init; }

    /// <summary>Call ids the day's list shows more than once, with how often; null when the list could not be read.</summary>
    public IReadOnlyDictionary<string, int>? Duplicated { get; init; }

    /// <summary>Our calls found by id but absent from the day's list (a call the manager would not see); null when not checked.</summary>
    public IReadOnlyList<string>? MissingFromList { get; init; }

    public int ListedRows { get; init; }
    public string? Note { get; init; }

    /// <summary>Other answers while reading calls (e.g. 500), by status; these make the run fail too.</summary>
    public required IReadOnlyDictionary<string, int> ReadErrors { get; init; }

    public bool Passed => Lost.Count == 0 && WrongStatus.Count == 0 && (Duplicated?.Count ?? 0) == 0
        && (MissingFromList?.Count ?? 0) == 0 && ReadErrors.Count == 0;
}

/// <summary>The reader key was missing or refused: verification cannot say anything about the log.</summary>
internal sealed class VerificationAccessException(string message) : Exception(message);

/// <summary>
/// Reads back every planned call through the call-log API with the reader key and compares it with the
/// plan: <c>GET /api/calls/{callId}</c> for existence and status, then the day's list for rows shown twice.
/// Reads are retried as deliveries are (<see cref="RetryPolicy"/>), so a 503 with <c>Retry-After</c> is waited out.
/// </summary>
internal sealed class LogVerifier(HttpClient http, int concurrency, RetryPolicy retry, TimeProvider clock)
{
    public async Task<VerificationResult> VerifyAsync(CallPlan plan, CancellationToken cancellationToken)
    {
        var lost = new ConcurrentBag<string>();
        var wrong = new ConcurrentBag<WrongStatus>();
        var errors = new ConcurrentDictionary<string, int>();
        var found = new ConcurrentDictionary<string, PlannedCall>();

        await Parallel.ForEachAsync(plan.Calls, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (call, ct) =>
            {
                // Vonage names a call by its leg uuid and its conversation_uuid; the app may key on either.
                foreach (var id in new[] { call.CallId, call.AlternateCallId }.OfType<string>())
                {
                    var (status, body) = await GetAsync($"api/calls/{Uri.EscapeDataString(id)}?workspace={Uri.EscapeDataString(call.Workspace)}", ct);
                    if (status == HttpStatusCode.NotFound) continue;
                    if (status != HttpStatusCode.OK)
                    {
                        errors.AddOrUpdate(((int)status).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                        return;
                    }
                    found[id] = call;
                    var actual = ReadStatus(body) ?? "(no status field)";
                    if (!string.Equals(actual, call.ExpectedStatus, StringComparison.OrdinalIgnoreCase))
                    {
                        wrong.Add(new WrongStatus(id, call.ExpectedStatus, actual));
                    }
                    return;
                }
                lost.Add(call.CallId);
            });

        var list = await ReadDayListAsync(plan, cancellationToken);
        IReadOnlyList<string>? missing = null;
        IReadOnlyDictionary<string, int>? duplicated = null;
        if (list is not null)
        {
            duplicated = list.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).ToDictionary(g => g.Key, g => g.Count());
            var listed = list.ToHashSet(StringComparer.Ordinal);
            missing = found.Where(f => f.Value.StartedAt.UtcDateTime.Date == plan.Options.Date.ToDateTime(TimeOnly.MinValue) && !listed.Contains(f.Key))
                .Select(f => f.Key).Order(StringComparer.Ordinal).ToArray();
        }

        return new VerificationResult
        {
            Checked = plan.Calls.Count,
            Lost = lost.Order(StringComparer.Ordinal).ToArray(),
            WrongStatus = wrong.OrderBy(w => w.CallId, StringComparer.Ordinal).ToArray(),
            Duplicated = duplicated,
            MissingFromList = missing,
            ListedRows = list?.Count ?? 0,
            Note = list is null ? "duplicates not checked: list endpoint unavailable" : null,
            ReadErrors = errors,
        };
    }

    /// <summary>Every call id the day's list shows, page by page; null when the list endpoint answers 404 (not built).</summary>
    private async Task<List<string>?> ReadDayListAsync(CallPlan plan, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        string? cursor = null;
        var seenCursors = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var query = $"api/calls?date={plan.Options.Date:yyyy-MM-dd}&workspace={Uri.EscapeDataString(plan.Options.Workspace)}&view=all&pageSize=200"
                + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var (status, body) = await GetAsync(query, cancellationToken);
            if (status == HttpStatusCode.NotFound && cursor is null) return null;
            if (status != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"The day's list answered {(int)status} on {(cursor is null ? "the first page" : "a later page")}: {Shorten(body)}");
            }
            using var page = JsonDocument.Parse(body);
            if (page.RootElement.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                ids.AddRange(items.EnumerateArray()
                    .Select(item => item.TryGetProperty("callId", out var id) ? id.GetString() : null).OfType<string>());
            }
            cursor = page.RootElement.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            if (cursor is not null && !seenCursors.Add(cursor))
            {
                throw new InvalidOperationException("The day's list returned the same nextCursor twice; paging would never end.");
            }
        } while (cursor is not null);
        return ids;
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.GetAsync(path, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new VerificationAccessException(
                    $"The call-log API answered {(int)response.StatusCode} to the reader key: pass a valid --reader-key (or set CALLARO_READER_KEY), " +
                    $"or --no-verify to only send. Response: {Shorten(body)}");
            }
            if (!RetryPolicy.IsRetryable(response) || attempt >= retry.MaxAttempts) return (response.StatusCode, body);
            await Task.Delay(retry.Backoff(attempt, response.Headers.RetryAfter, clock.GetUtcNow()), cancellationToken);
        }
    }

    /// <summary>The call's status: top-level <c>status</c>, or inside a wrapping object (e.g. <c>{"call": {...}}</c>).</summary>
    internal static string? ReadStatus(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return null;
        if (root.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String) return status.GetString();
        foreach (var property in root.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("status", out var inner) && inner.ValueKind == JsonValueKind.String)
            {
                return inner.GetString();
            }
        }
        return null;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
