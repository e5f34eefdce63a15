namespace Modulo.Perf.Engine.Metrics;

/// <summary>k6's four metric types; each allows its own threshold aggregations.</summary>
public enum MetricType
{
    /// <summary>A distribution (HdrHistogram): avg, min, max, med, p(N).</summary>
    Trend,
    /// <summary>A share of non-zero samples: rate.</summary>
    Rate,
    /// <summary>A running sum: count, rate (per second).</summary>
    Counter,
    /// <summary>The last value: value.</summary>
    Gauge,
}
