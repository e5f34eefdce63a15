using System.Globalization;
using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.Thresholds;

/// <summary>
/// Evaluates thresholds against what the registry has collected. Unlike k6, a thresholded metric that
/// received no samples FAILS: a gate that passes because its endpoint was never called is a silent lie.
/// </summary>
public static class ThresholdEvaluator
{
    public static ThresholdResult Evaluate(ThresholdDefinition threshold, MetricRegistry registry)
    {
        var aggregate = registry.Query(threshold.Selector.Metric, threshold.Selector.Tags);
        var subject = $"{threshold.Selector.Text} {threshold.Source}";
        if (!HasData(aggregate, threshold, registry))
        {
            return new ThresholdResult(threshold, false, null, Unit(threshold), 0,
                $"{subject} failed: the metric received no samples (nothing that was run produced {threshold.Selector.Text})");
        }
        var actual = MetricTypeAggregations.Read(aggregate, threshold.Expression);
        var ok = threshold.Expression.IsSatisfiedBy(actual);
        var unit = Unit(threshold);
        var shown = Measured(actual, unit, threshold, aggregate);
        var over = aggregate switch
        {
            CounterAggregate counter => $" over {counter.ElapsedSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
            RateAggregate => "",
            _ => $" over {aggregate.SampleCount.ToString("N0", CultureInfo.InvariantCulture)} {SampleNoun(threshold.Selector.Metric)}",
        };
        return new ThresholdResult(threshold, ok, actual, unit, aggregate.SampleCount,
            $"{subject} {(ok ? "passed" : "failed")}: {threshold.Expression.AggregationName}={shown}{over}{(ok ? "" : MainCulprit(threshold, registry))}", shown);
    }

    /// <summary>
    /// For a failed error-rate threshold (http_req_failed and the SLO views over it): the step and status that
    /// failed most among the requests it covers, so the build error says where to look.
    /// </summary>
    private static string MainCulprit(ThresholdDefinition threshold, MetricRegistry registry)
    {
        var metric = threshold.Selector.Metric;
        if (MetricAliases.RecordedMetric(metric) != MetricCatalog.HttpReqFailed)
        {
            return "";
        }
        var filter = MetricAliases.All.TryGetValue(metric, out var alias)
            ? threshold.Selector.Tags.Concat(alias.Tags.Where(t => !threshold.Selector.Tags.ContainsKey(t.Key))).ToDictionary()
            : threshold.Selector.Tags;
        return FailureBreakdown.Of(registry, filter) is [var worst, ..] ? $"; most failures: {worst}" : "";
    }

    /// <summary>
    /// The value as reports show it: never rounded across the threshold's bound, in its unit, and a rate with the
    /// counts behind it, "0.000291 (1 of 3,441 requests)", because a rate alone hides how much evidence it rests on.
    /// </summary>
    private static string Measured(double actual, string unit, ThresholdDefinition threshold, MetricAggregate aggregate)
    {
        var number = MeasuredNumber.Format(actual, threshold.Expression.IsSatisfiedBy) + (unit.Length > 0 ? " " + unit : "");
        return aggregate is RateAggregate rate
            ? string.Create(CultureInfo.InvariantCulture, $"{number} ({rate.Passes:N0} of {rate.Total:N0} {SampleNoun(threshold.Selector.Metric)})")
            : number;
    }

    private static bool HasData(MetricAggregate aggregate, ThresholdDefinition threshold, MetricRegistry registry) => aggregate switch
    {
        // A counter that exists but stayed at zero (no dropped iterations) is data; one never registered is not.
        CounterAggregate or GaugeAggregate => registry.HasSeries(threshold.Selector.Metric, threshold.Selector.Tags),
        _ => aggregate.SampleCount > 0,
    };

    private static string Unit(ThresholdDefinition threshold) =>
        MetricTypeAggregations.Unit(threshold.MetricType, threshold.Expression.Aggregation);

    private static string SampleNoun(string metric) =>
        metric.StartsWith("http_", StringComparison.Ordinal) || metric.StartsWith("slo_", StringComparison.Ordinal) || metric == MetricCatalog.Availability
            ? "requests"
            : "samples";
}
