using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Scenarios;

namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// Reads what a finished run measured per suite or scenario, from the series tagged with its name:
/// latency trends from <c>http_req_duration{scenario:S,type:T}</c> and <c>ws_message_latency{scenario:S}</c>,
/// the error rate from <c>http_req_failed{scenario:S}</c>, throughput from <c>http_reqs{scenario:S}</c>.
/// </summary>
public static class RunMeasurements
{
    public static BaselineRun Capture(
        MetricRegistry metrics, IEnumerable<string> scenarios, RunFingerprint fingerprint, DateTimeOffset recorded, string? gitCommit, double machineProbeMs) =>
        new(recorded, gitCommit, fingerprint, machineProbeMs, scenarios.Distinct().ToDictionary(BuiltInSuites.ReportName, scenario => Suite(metrics, scenario)),
            Service(metrics));

    private static ServiceMeasurement? Service(MetricRegistry metrics)
    {
        var all = new Dictionary<string, string>();
        if (!metrics.HasSeries(MetricCatalog.ServiceAllocPerRequest, all) || !metrics.HasSeries(MetricCatalog.ServiceCpuPerRequest, all))
        {
            return null;
        }
        return new ServiceMeasurement(
            ((GaugeAggregate)metrics.Query(MetricCatalog.ServiceCpuPerRequest, all)).Value,
            ((GaugeAggregate)metrics.Query(MetricCatalog.ServiceAllocPerRequest, all)).Value,
            metrics.QueryCounter(MetricCatalog.HttpReqs, all).Count);
    }

    private static SuiteMeasurements Suite(MetricRegistry metrics, string scenario)
    {
        var latency = new Dictionary<string, LatencyMeasurement>();
        foreach (var trend in LatencyMetric.All)
        {
            var aggregate = metrics.QueryTrend(trend.Metric, trend.Filter(scenario));
            if (aggregate.SampleCount > 0)
            {
                latency[trend.Name] = new LatencyMeasurement(
                    aggregate.Percentile(95), aggregate.Avg, aggregate.SampleCount, HistogramCodec.Encode(aggregate.Histogram));
            }
        }
        var byScenario = new Dictionary<string, string> { ["scenario"] = scenario };
        var failed = metrics.QueryRate(MetricCatalog.HttpReqFailed, byScenario);
        var requests = metrics.QueryCounter(MetricCatalog.HttpReqs, byScenario);
        return new SuiteMeasurements(
            latency,
            failed.Total > 0 ? new ErrorRateMeasurement(failed.Rate, failed.Total, failed.Passes) : null,
            requests.Count > 0 ? new ThroughputMeasurement(requests.Rate, requests.Count, requests.ElapsedSeconds) : null);
    }
}
