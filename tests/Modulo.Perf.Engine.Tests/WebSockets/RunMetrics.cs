using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;

namespace Modulo.Perf.Engine.Tests.WebSockets;

/// <summary>Reads a finished run's metrics, optionally narrowed by tags as a sub-metric selector would.</summary>
internal static class RunMetrics
{
    public static TrendAggregate Trend(this RunResult result, string metric, params (string Key, string Value)[] tags) =>
        (TrendAggregate)Query(result, metric, tags);

    public static long Count(this RunResult result, string metric, params (string Key, string Value)[] tags) =>
        ((CounterAggregate)Query(result, metric, tags)).Count;

    public static RateAggregate Rate(this RunResult result, string metric, params (string Key, string Value)[] tags) =>
        (RateAggregate)Query(result, metric, tags);

    private static MetricAggregate Query(RunResult result, string metric, (string Key, string Value)[] tags) =>
        result.Metrics!.Query(metric, tags.ToDictionary(t => t.Key, t => t.Value));
}
