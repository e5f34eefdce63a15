using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.Baselines;

/// <summary>A latency trend the baseline keeps per suite, named as docs/baselines.md lists them (<c>read_latency_p95</c>).</summary>
public sealed record LatencyMetric(string Name, string Metric, string? RequestType)
{
    public static IReadOnlyList<LatencyMetric> All { get; } =
    [
        new("read_latency_p95", MetricCatalog.HttpReqDuration, "read"),
        new("write_latency_p95", MetricCatalog.HttpReqDuration, "write"),
        new("sync_latency_p95", MetricCatalog.HttpReqDuration, "sync"),
        new("ws_message_latency_p95", MetricCatalog.WsMessageLatency, null),
    ];

    /// <summary>The sub-metric filter selecting this trend's samples, in one scenario or (null) in all.</summary>
    public IReadOnlyDictionary<string, string> Filter(string? scenario)
    {
        var filter = new Dictionary<string, string>();
        if (scenario is not null)
        {
            filter["scenario"] = scenario;
        }
        if (RequestType is not null)
        {
            filter["type"] = RequestType;
        }
        return filter;
    }
}
