using System.Net;
using System.Text.Json;
using Callaro.Core.Calls;
using Callaro.Core.Workspaces;

namespace Callaro.Functions.Tests.CallLog;

/// <summary><c>GET /api/calls/export</c> over Azurite, and the answers for workspaces that do not exist.</summary>
public sealed class CallLogExportTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private static List<string> Lines(string csv) => csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();

    [Fact]
    public async Task TheExportHoldsEveryMatchingCallAcrossPagesAsCsv()
    {
        await using var storage = await StoredLog.CreateAsync();
        // More calls than one page of the reader, so the export has to follow cursors.
        foreach (var chunk in Enumerable.Range(0, 230).Chunk(23))
            await Task.WhenAll(chunk.Select(i => storage.CallAsync("default", $"c{i:D3}", Morning.AddSeconds(i * 30), i % 10 == 0 ? CallStatus.Missed : CallStatus.Completed)));
        await using var host = await CallLogTestHost.StartAsync(storage: storage);

        var response = await host.Client().GetAsync("/api/calls/export?date=2026-03-10&tz=Europe/Berlin");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var lines = Lines(System.Text.Encoding.UTF8.GetString(bytes.AsSpan(3)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment; filename=\"calls-default-2026-03-10.csv\"", response.Content.Headers.ContentDisposition?.ToString());
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]); // UTF-8, as spreadsheet tools recognise it
        Assert.Equal("Direction,Caller,Callee,Status,Duration,Started,Call ID,Operator,Campaign,Recording,Transcript", lines[0]);
        Assert.Equal(231, lines.Count);
        Assert.Equal("outgoing,'+15550001,'+4930100,completed,00:01:00,2026-03-10T11:54:30+01:00,c229,,,no,no", lines[1]);
        Assert.Equal(230, lines.Skip(1).Select(l => l.Split(',')[6]).Distinct().Count());

        var missed = Lines(await host.Client().GetStringAsync("/api/calls/export?date=2026-03-10&view=alerts"));
        Assert.Equal(24, missed.Count);
        Assert.All(missed.Skip(1), l => Assert.Contains(",missed,", l));
    }

    [Fact]
    public async Task CellsASpreadsheetWouldRunAsFormulasStayText()
    {
        await using var storage = await StoredLog.CreateAsync();
        await storage.Ingestor.IngestAsync([new CallEvent
        {
            EventId = "f1", Type = CallEventType.Completed, OccurredAt = Morning.AddMinutes(2), CallId = "formula", Source = "callaro", ReceivedAt = Morning,
            Direction = CallDirection.Incoming, Caller = "=1+2", Callee = "-3", StartedAt = Morning, AnsweredAt = Morning.AddSeconds(5), DurationSeconds = 3725,
            OperatorId = "@SUM(A1)", CampaignId = "spring,\"vip\"",
        }]);
        await using var host = await CallLogTestHost.StartAsync(storage: storage);

        var lines = Lines(await host.Client().GetStringAsync("/api/calls/export?date=2026-03-10"));

        Assert.Equal("incoming,'=1+2,'-3,completed,01:02:05,2026-03-10T09:00:00+00:00,formula,'@SUM(A1),\"spring,\"\"vip\"\"\",no,no", lines[1]);
    }

    [Fact]
    public async Task TheExportAsksForAccessLikeEveryRead()
    {
        await using var storage = await StoredLog.CreateAsync();
        await storage.CallAsync("default", "one", Morning, CallStatus.Completed);
        await using var host = await CallLogTestHost.StartAsync(storage: storage);

        var anonymous = await host.Client(key: null).GetAsync("/api/calls/export?date=2026-03-10");
        var otherWorkspace = await host.Client(CallLogTestHost.OtherWorkspaceKey).GetAsync("/api/calls/export?date=2026-03-10");
        var withCursor = await host.Client().GetAsync("/api/calls/export?date=2026-03-10&cursor=abc");

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.BadRequest),
            (anonymous.StatusCode, otherWorkspace.StatusCode, withCursor.StatusCode));
        Assert.Contains("access problem", await anonymous.Content.ReadAsStringAsync());
        Assert.Contains("may not read workspace 'default'", await otherWorkspace.Content.ReadAsStringAsync());
        Assert.Contains("This endpoint does not take cursor", await withCursor.Content.ReadAsStringAsync());
        Assert.All([anonymous, otherWorkspace, withCursor], r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
    }

    [Fact]
    public async Task AWorkspaceThatNeverHadACallOrSettingsIsNotFoundNotEmpty()
    {
        await using var storage = await StoredLog.CreateAsync();
        await storage.CallAsync("calls-only", "one", Morning, CallStatus.Completed);
        await storage.Settings.SetAsync("settings-only", new WorkspaceSettings("Europe/Berlin", "de-DE"));
        await using var host = await CallLogTestHost.StartAsync(storage: storage);

        var unknown = await host.Client().GetAsync("/api/calls?workspace=nobody&date=2026-03-10");
        var unknownExport = await host.Client().GetAsync("/api/calls/export?workspace=nobody&date=2026-03-10");
        var unknownPage = await host.Client().GetAsync("/api/log?workspace=nobody&date=2026-03-10");
        var quietDay = JsonDocument.Parse(await host.Client().GetStringAsync("/api/calls?workspace=calls-only&date=2026-03-11")).RootElement;
        var settingsOnly = JsonDocument.Parse(await host.Client().GetStringAsync("/api/calls?workspace=settings-only&date=2026-03-10")).RootElement;

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (unknown.StatusCode, unknownExport.StatusCode, unknownPage.StatusCode));
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("nobody", problem.GetProperty("workspace").GetString());
        Assert.Contains("Workspace 'nobody' has never received a call or settings", problem.GetProperty("detail").GetString());
        var notFoundPage = await unknownPage.Content.ReadAsStringAsync();
        Assert.Contains("nobody", notFoundPage);
        Assert.Contains("has never received a call or settings", notFoundPage);
        Assert.Equal(0, quietDay.GetProperty("items").GetArrayLength());
        Assert.Equal(0, settingsOnly.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task TheLogPageOffersItsFiltersAsACsvDownload()
    {
        await using var host = await CallLogTestHost.StartAsync();
        host.Log.Add("default", Morning, CallStatus.Missed);

        var page = await host.Client().GetStringAsync("/api/log?date=2026-03-10&view=alerts&direction=incoming&tz=Europe/Berlin");

        Assert.Contains("<a href=\"/api/calls/export?tz=Europe%2FBerlin&amp;date=2026-03-10&amp;view=alerts&amp;direction=incoming\" id=\"download-csv\" download>Download CSV</a>", page);
    }
}
