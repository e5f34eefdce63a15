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
    IReadOnlyDictionary<string, (long Samples, long NonZero)> RateDeltas)
{
    /// <summary>
    /// The same tick of several instances that ran at once (segments started together): counts and deltas add
    /// up exactly. An interval keeps percentiles, not its histogram, so a merged interval's percentiles are the
    /// highest any instance saw in it: an upper bound for the time-series charts, never an average. Whole-run
    /// percentiles do not come from here but from the merged histograms.
    /// </summary>
    public static IntervalStats Combine(IReadOnlyList<IntervalStats> sameTick) => new(
        sameTick.Min(i => i.StartSeconds),
        sameTick.Max(i => i.EndSeconds),
        sameTick.SelectMany(i => i.Trends).GroupBy(t => t.Key).ToDictionary(g => g.Key, g => new IntervalTrend(
            g.Sum(t => t.Value.Count),
            g.Max(t => t.Value.P50),
            g.Max(t => t.Value.P90),
            g.Max(t => t.Value.P95),
            g.Max(t => t.Value.P99),
            g.Max(t => t.Value.Max))),
        sameTick.SelectMany(i => i.CounterDeltas).GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.Sum(c => c.Value)),
        sameTick.SelectMany(i => i.RateDeltas).GroupBy(r => r.Key).ToDictionary(
            g => g.Key, g => (g.Sum(r => r.Value.Samples), g.Sum(r => r.Value.NonZero))));
}

/// <summary>One interval's distribution of a trend, in milliseconds.</summary>
public sealed record IntervalTrend(long Count, double P50, double P90, double P95, double P99, double Max);
