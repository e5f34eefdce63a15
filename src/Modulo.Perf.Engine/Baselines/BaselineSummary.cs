using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// The baseline file's flat <c>baselines</c> section (docs/baselines.md): each latency trend over all suites of a run, merged from the
/// suites' stored histograms so the overall p95 is a true percentile, not an average of percentiles.
/// </summary>
public static class BaselineSummary
{
    public static IReadOnlyDictionary<string, LatencySummary> Of(BaselineRun run)
    {
        var summary = new Dictionary<string, LatencySummary>();
        foreach (var trend in LatencyMetric.All)
        {
            var measured = run.Suites.Values.Select(s => s.Latency.GetValueOrDefault(trend.Name)).OfType<LatencyMeasurement>().ToList();
            if (measured.Count == 0)
            {
                continue;
            }
            var merged = HistogramSettings.CreateAccumulator();
            foreach (var measurement in measured)
            {
                merged.Add(HistogramCodec.Decode(measurement.Histogram));
            }
            var aggregate = new TrendAggregate(merged);
            summary[trend.Name] = new LatencySummary(Math.Round(aggregate.Percentile(95), 3), Math.Round(aggregate.Avg, 3), aggregate.SampleCount);
        }
        return summary;
    }
}
