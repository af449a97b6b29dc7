using System.Diagnostics;
using OpenTelemetry;

namespace Callaro.Functions.Telemetry;

/// <summary>
/// The last step before export, over every span (the app's, ASP.NET Core's, the storage SDK's): query strings
/// keep their parameter names only (the call log's <c>number=</c>, a table query's <c>$filter</c> naming a
/// number, a SAS signature), and any long run of digits left in a tag, a name or a status is masked.
/// </summary>
internal sealed class TelemetryScrubber : BaseProcessor<Activity>
{
    private static readonly HashSet<string> UrlTags = new(StringComparer.Ordinal)
    {
        "url.full", "url.query", "http.url", "http.target", "url.path",
    };

    public override void OnEnd(Activity data)
    {
        data.DisplayName = PhoneNumberMask.MaskNumbersIn(data.DisplayName);
        foreach (var (key, value) in data.TagObjects.ToList())
        {
            if (value is string text)
            {
                var scrubbed = PhoneNumberMask.MaskNumbersIn(UrlTags.Contains(key) ? WithoutQueryValues(text) : text);
                if (!ReferenceEquals(scrubbed, text))
                {
                    data.SetTag(key, scrubbed);
                }
            }
        }

        if (data.StatusDescription is { } status)
        {
            data.SetStatus(data.Status, PhoneNumberMask.MaskNumbersIn(status));
        }
    }

    /// <summary><c>/api/calls?number=+1415…&amp;date=…</c> becomes <c>/api/calls?number=*&amp;date=*</c>.</summary>
    internal static string WithoutQueryValues(string url)
    {
        var start = url.IndexOf('?', StringComparison.Ordinal);
        if (start < 0)
        {
            return url;
        }

        var end = url.IndexOf('#', start);
        var query = end < 0 ? url[(start + 1)..] : url[(start + 1)..end];
        var names = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2)[0] + "=*");
        return url[..start] + "?" + string.Join('&', names);
    }
}
