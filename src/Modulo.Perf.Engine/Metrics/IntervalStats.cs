namespace Modulo.Perf.Engine.Metrics;

/// <summary>
/// What happened during one aggregation tick (about a second): per trend metric the percentiles of that
/// interval alone, and per counter or rate metric how much it grew. Feeds progress lines and time-series reports.
/// </summary>
public sealed record IntervalStats(
    double StartSeconds,
    double EndSeconds,
    IReadOnlyDictionary<string, IntervalTrend> Trends,
    IReadOnlyDictionary<string, long> CounterDeltas,
    IReadOnlyDictionary<string, (long Samples, long NonZero)> RateDeltas);

/// <summary>One interval's distribution of a trend, in milliseconds.</summary>
public sealed record IntervalTrend(long Count, double P50, double P90, double P95, double P99, double Max);
