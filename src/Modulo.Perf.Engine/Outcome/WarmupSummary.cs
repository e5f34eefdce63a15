using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.Outcome;

/// <summary>What the warm-up measured, recorded apart: no threshold, baseline or report chart sees these samples.</summary>
public sealed record WarmupSummary(double Seconds, long Requests, long Failed, double P95Ms)
{
    private static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>();

    public static WarmupSummary From(MetricRegistry warmup, double seconds) => new(
        seconds,
        warmup.QueryCounter(MetricCatalog.HttpReqs, All).Count,
        warmup.QueryRate(MetricCatalog.HttpReqFailed, All).Passes,
        warmup.QueryTrend(MetricCatalog.HttpReqDuration, All).Percentile(95));
}
