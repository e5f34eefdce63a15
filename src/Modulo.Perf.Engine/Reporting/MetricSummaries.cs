using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>
/// The metrics a report lists: every catalog metric that received data, plus the sub-metrics thresholds
/// name (<c>http_req_duration{type:read}</c>), in catalog order.
/// </summary>
public static class MetricSummaries
{
    private static readonly IReadOnlyDictionary<string, string> NoFilter = new Dictionary<string, string>();

    public static IEnumerable<(string Name, MetricAggregate Value)> For(RunResult result)
    {
        if (result.Metrics is not { } metrics)
        {
            yield break;
        }
        foreach (var name in metrics.MetricsWithData())
        {
            var value = metrics.Query(name, NoFilter);
            // An alias such as slo_write_latency views tagged samples of a recorded metric; none may carry its tag.
            if (value.SampleCount > 0 || value.Type is MetricType.Counter or MetricType.Gauge)
            {
                yield return (name, value);
            }
        }
        foreach (var selector in result.Thresholds.Select(t => t.Definition.Selector).Where(s => s.Tags.Count > 0).DistinctBy(s => s.Text))
        {
            yield return (selector.Text, metrics.Query(selector.Metric, selector.Tags));
        }
    }
}
