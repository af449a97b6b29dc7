using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Callaro.Functions.Telemetry;
using Callaro.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Callaro.Functions.Tests.Telemetry;

/// <summary>
/// The app's telemetry as an operator's exporter would receive it: the app's own signal set-up
/// (<c>AddCallaroSignals</c>, scrubbing included) with in-memory exporters in place of Application Insights.
/// </summary>
public sealed class TelemetryCapture
{
    private readonly ExportedSpans _spans = new();
    private readonly List<MetricSnapshot> _metrics = [];
    private IServiceProvider? _services;

    public CallaroApplication Attach(CallaroApplication app)
    {
        app.WithServices(services => services.AddCallaroSignals(new ConfigurationBuilder().Build())
            .WithTracing(tracing => tracing.AddInMemoryExporter(_spans))
            .WithMetrics(metrics => metrics.AddInMemoryExporter(_metrics)));
        _services = app.Start();
        return app;
    }

    public IReadOnlyCollection<Activity> Spans => _spans;

    /// <summary>Waits for a span (the server span ends after the answer is sent).</summary>
    public async Task<Activity> SpanAsync(Func<Activity, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (_spans.FirstOrDefault(match) is { } span)
            {
                return span;
            }

            await Task.Delay(20);
        }

        throw new Xunit.Sdk.XunitException($"No span {what} within 10 s; spans: {string.Join(", ", _spans.Select(s => s.DisplayName))}");
    }

    /// <summary>The running total of <paramref name="metric"/> for the given tags (counters: the sum; histograms: the count).</summary>
    public double Total(string metric, params (string Key, string Value)[] tags)
    {
        var snapshot = Flush().LastOrDefault(m => m.Name == metric);
        if (snapshot is null)
        {
            return 0;
        }

        double total = 0;
        foreach (var point in snapshot.MetricPoints)
        {
            var pointTags = Tags(point);
            if (tags.All(tag => pointTags.TryGetValue(tag.Key, out var value) && value == tag.Value))
            {
                total += snapshot.MetricType == MetricType.Histogram ? point.GetHistogramCount() : point.GetSumLong();
            }
        }

        return total;
    }

    /// <summary>Every name, tag and status the exporters received, as one text to search for what must not be there.</summary>
    public string Everything()
    {
        var text = new StringBuilder();
        foreach (var span in _spans)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{span.Source.Name} {span.DisplayName} {span.StatusDescription}");
            foreach (var (key, value) in span.TagObjects)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {key}={value}");
            }

            foreach (var e in span.Events)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  event {e.Name} {string.Join(' ', e.Tags.Select(t => $"{t.Key}={t.Value}"))}");
            }
        }

        foreach (var metric in Flush())
        {
            foreach (var point in metric.MetricPoints)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{metric.Name} {string.Join(' ', Tags(point).Select(t => $"{t.Key}={t.Value}"))}");
            }
        }

        return text.ToString();
    }

    private List<MetricSnapshot> Flush()
    {
        var provider = _services?.GetRequiredService<MeterProvider>() ?? throw new InvalidOperationException("Attach the capture to an app first.");
        provider.ForceFlush();
        lock (_metrics)
        {
            return [.. _metrics];
        }
    }

    /// <summary>The exporter adds from the threads that end spans while a test reads: a queue keeps both safe.</summary>
    private sealed class ExportedSpans : ICollection<Activity>, IReadOnlyCollection<Activity>
    {
        private readonly ConcurrentQueue<Activity> _queue = new();

        public int Count => _queue.Count;

        public bool IsReadOnly => false;

        public void Add(Activity item) => _queue.Enqueue(item);

        public void Clear() => _queue.Clear();

        public bool Contains(Activity item) => _queue.Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => _queue.CopyTo(array, arrayIndex);

        public bool Remove(Activity item) => throw new NotSupportedException("Exported spans are only added.");

        public IEnumerator<Activity> GetEnumerator() => _queue.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static Dictionary<string, string?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value?.ToString();
        }

        return tags;
    }
}
