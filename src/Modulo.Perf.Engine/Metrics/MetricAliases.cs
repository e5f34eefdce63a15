namespace Modulo.Perf.Engine.Metrics;

/// <summary>
/// The Modulo backend's SLO metrics (docs/engine.md) are views over the HTTP metrics rather than separate recordings, so a request is
/// recorded once and the views can never disagree: slo_read_latency is http_req_duration{type:read}, and so on.
/// </summary>
public static class MetricAliases
{
    /// <summary>An alias: the metric actually recorded, the tags it implies, and whether the rate is inverted.</summary>
    public sealed record Alias(string Target, IReadOnlyDictionary<string, string> Tags, bool Inverted = false);

    private static readonly IReadOnlyDictionary<string, string> NoTags = new Dictionary<string, string>();

    /// <summary>The metric whose series hold <paramref name="metric"/>'s samples: the alias's target, or itself.</summary>
    public static string RecordedMetric(string metric) => All.TryGetValue(metric, out var alias) ? alias.Target : metric;

    public static IReadOnlyDictionary<string, Alias> All { get; } = new Dictionary<string, Alias>(StringComparer.Ordinal)
    {
        [MetricCatalog.SloReadLatency] = new(MetricCatalog.HttpReqDuration, new Dictionary<string, string> { ["type"] = "read" }),
        [MetricCatalog.SloWriteLatency] = new(MetricCatalog.HttpReqDuration, new Dictionary<string, string> { ["type"] = "write" }),
        [MetricCatalog.SloSyncLatency] = new(MetricCatalog.HttpReqDuration, new Dictionary<string, string> { ["type"] = "sync" }),
        // The Modulo backend's SLO "error rate < 0.1 %" is k6's http_req_failed under the SLO's name.
        [MetricCatalog.SloErrorRate] = new(MetricCatalog.HttpReqFailed, NoTags),
        // "Availability > 99.9 %": the share of requests that did not fail.
        [MetricCatalog.Availability] = new(MetricCatalog.HttpReqFailed, NoTags, Inverted: true),
    };
}
