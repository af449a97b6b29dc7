using System.Globalization;
using System.Text;
using Callaro.Core.Settings;

namespace Callaro.Core.CallLog;

/// <summary>
/// The call log as CSV (RFC 4180, UTF-8 with a byte order mark so spreadsheet tools read it as UTF-8, CRLF line
/// ends), written page by page while the pages are read: an export of any size holds one page in memory.
/// Cells a spreadsheet would run as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR) get
/// a leading apostrophe, which spreadsheet tools read as "this is text": <c>+14155550123</c> shows as itself
/// instead of becoming a number or a formula.
/// </summary>
public static class CallLogCsv
{
    /// <summary>The header row's cells.</summary>
    public static readonly IReadOnlyList<string> Header =
        ["Direction", "Caller", "Callee", "Status", "Duration", "Started", "Call ID", "Operator", "Campaign", "Recording", "Transcript"];

    /// <summary>Rows asked of the reader per round of the export.</summary>
    public const int PageSize = CallLogQuery.MaxPageSize;

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    /// <summary>
    /// Writes the header, <paramref name="first"/> and every later page of <paramref name="query"/> to
    /// <paramref name="output"/>, flushing after each page. Each later page must be read within
    /// <paramref name="pageBudget"/>.
    /// </summary>
    /// <param name="reader">The log reader.</param>
    /// <param name="query">The query <paramref name="first"/> answered.</param>
    /// <param name="first">Its first page, read by the caller (so storage trouble can still be answered before anything is written).</param>
    /// <param name="zone">The reader's time zone, for the Started column.</param>
    /// <param name="output">Where the CSV goes.</param>
    /// <param name="pageBudget">How long one page's reads may take.</param>
    /// <param name="cancellationToken">The reader went away.</param>
    /// <returns>The number of calls written.</returns>
    /// <exception cref="Azure.RequestFailedException">Storage failed on a later page; the output is incomplete.</exception>
    /// <exception cref="OperationCanceledException">A page took longer than <paramref name="pageBudget"/>, or the reader went away.</exception>
    /// <param name="names">Names shown for operators and campaigns where settings give them (ids otherwise).</param>
    public static async Task<long> WriteAsync(CallLogReader reader, CallLogQuery query, CallLogPage first, TimeZoneInfo zone, Stream output, TimeSpan pageBudget,
        DisplayNames? names = null, CancellationToken cancellationToken = default)
    {
        names ??= DisplayNames.None;
        await using var writer = new StreamWriter(output, Utf8, bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(Line(Header));
        long written = 0;
        var page = first;
        while (true)
        {
            foreach (var item in page.Items)
                await writer.WriteLineAsync(Line(Cells(item, zone, names)));
            written += page.Items.Count;
            await writer.FlushAsync(cancellationToken);
            if (page.NextCursor is not { } next) return written;
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(pageBudget);
            page = await reader.ReadPageAsync(query with { Cursor = next }, budget.Token);
        }
    }

    /// <summary>The cells of one call, in <see cref="Header"/> order; operator and campaign by name where known, else by id.</summary>
    public static IReadOnlyList<string> Cells(CallLogItem item, TimeZoneInfo zone, DisplayNames names) =>
    [
        item.Direction is { } d ? CallLogRowMapper.Word(d) : "",
        item.Caller ?? "",
        item.Callee ?? "",
        CallLogRowMapper.Word(item.Status),
        Duration(item.DurationSeconds),
        TimeZoneInfo.ConvertTime(item.StartedAt, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        item.CallId,
        names.Operator(item.OperatorId) ?? item.OperatorId ?? "",
        names.Campaign(item.CampaignId) ?? item.CampaignId ?? "",
        item.HasRecording ? "yes" : "no",
        item.HasTranscript ? "yes" : "no",
    ];

    /// <summary>A duration as hh:mm:ss (hours past 99 keep their digits).</summary>
    public static string Duration(int seconds)
    {
        if (seconds < 0) seconds = 0;
        return string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}");
    }

    /// <summary>One record: cells neutralised against formulas, quoted where RFC 4180 needs it, joined by commas.</summary>
    public static string Line(IEnumerable<string> cells) => string.Join(",", cells.Select(c => Quote(Neutralise(c))));

    /// <summary>A cell a spreadsheet would evaluate gets a leading apostrophe, so it stays text.</summary>
    public static string Neutralise(string cell) =>
        cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + cell : cell;

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
