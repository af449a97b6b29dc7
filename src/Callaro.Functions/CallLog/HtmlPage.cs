using System.Security.Cryptography;
using System.Text;

namespace Callaro.Functions.CallLog;

/// <summary>
/// A server-rendered page: the shared layout, and headers that keep it safe — a Content-Security-Policy
/// that allows no script at all and only the layout's own stylesheet (by hash), no sniffing, no
/// referrer (cursors and numbers sit in URLs), no caching of the log.
/// </summary>
public sealed class HtmlPage(int statusCode, string title, Html body, bool signedIn = true) : IResult
{
    internal const string Stylesheet =
        "body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}" +
        "header{background:#1d2330;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1rem;align-items:center}" +
        "header a{color:#fff;text-decoration:none;font-weight:600}header form{margin-left:auto}" +
        "main{padding:1rem 1.2rem;max-width:72rem}h1{font-size:1.35rem}" +
        "table{border-collapse:collapse;width:100%;background:#fff}th,td{padding:.4rem .6rem;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top}" +
        "tr.alert-row{background:#fff5f5}.badge{display:inline-block;padding:.05rem .5rem;border-radius:.8rem;background:#e8ecf1;font-size:.85em}" +
        ".badge.alert{background:#c62828;color:#fff;font-weight:600}.badge.ok{background:#2e7d32;color:#fff}.badge.wait{background:#f9a825;color:#1d2330}" +
        ".badge.off{background:#e8ecf1;color:#4a5260}.badge.followup-open{background:#fff;color:#b71c1c;border:1px solid #b71c1c;margin-left:.3rem}" +
        ".badge.followup-done{background:#2e7d32;color:#fff;margin-left:.3rem;text-decoration:none}.missed{font-size:.85em;color:#4a5260}" +
        ".badge.state{white-space:nowrap}.tabs{display:flex;gap:.4rem;margin:.6rem 0}" +
        ".tabs a{padding:.35rem .8rem;border-radius:.3rem;background:#e8ecf1;color:#1d2330;text-decoration:none}.tabs a[aria-current]{background:#1d2330;color:#fff}" +
        ".bar{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;margin:.6rem 0}.bar form{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center}" +
        ".notice{padding:1rem;background:#fff;border-left:4px solid #1d2330}.notice.error{border-color:#c62828}" +
        "dl{display:grid;grid-template-columns:max-content auto;gap:.25rem 1rem;background:#fff;padding:.8rem}dt{font-weight:600}dd{margin:0}" +
        ".turn{margin:.3rem 0}.speaker{font-weight:600;margin-right:.4rem}audio{width:22rem;max-width:100%}" +
        ".tabs .count{font-weight:600}.who{font-size:.85em;color:#4a5260}td{overflow-wrap:anywhere}td.c-time,td.c-duration{white-space:nowrap}" +
        // On a phone the log keeps status, time, caller and duration; direction, callee and links give way (the time opens the call).
        "@media (max-width:40rem){body{font-size:14px}main{padding:.6rem .5rem}th,td{padding:.35rem .3rem}#calls{font-size:13px}" +
        ".c-dir,.c-callee,.c-who,.c-links{display:none}table.one-day .day{display:none}dl{grid-template-columns:auto}}";

    private static readonly string StyleHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Stylesheet)));

    /// <summary>The policy sent with every page.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; script-src 'none'; style-src 'sha256-{StyleHash}'; img-src 'self' data:; " +
        "media-src 'self' https: http://127.0.0.1:* http://localhost:*; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>The status code.</summary>
    public int StatusCode => statusCode;

    /// <summary>Where the header's "Callaro call log" link goes; pages set it so it keeps the reader's workspace, zone and locale.</summary>
    public string HomeUrl { get; init; } = CallLogRoutes.Log;

    /// <summary>Headers to add (e.g. Retry-After).</summary>
    public Dictionary<string, string> Headers { get; } = [];

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin"; // "no-referrer" would make browsers send Origin: null on our own forms
        response.Headers.CacheControl = "no-store";
        foreach (var (name, value) in Headers) response.Headers[name] = value;
        await response.WriteAsync(Render().ToString(), httpContext.RequestAborted);
    }

    /// <summary>The whole document.</summary>
    public Html Render()
    {
        var signOut = Html.When(signedIn, Html.Of(
            $"<form method=\"post\" action=\"{CallLogRoutes.Logout}\"><button type=\"submit\">Sign out</button></form>"));
        return Html.Of($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · Callaro</title><style>{Html.Trusted(Stylesheet)}</style></head>
            <body><header><a href="{HomeUrl}">Callaro call log</a>{signOut}</header>
            <main>{body}</main></body></html>
            """);
    }
}
