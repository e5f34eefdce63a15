using System.Globalization;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>Words the reports use about the load, in one place so each reads the same: "1 VU", "4 VUs".</summary>
public static class LoadText
{
    private static readonly IReadOnlyDictionary<string, string> NoFilter = new Dictionary<string, string>();

    public static string Vus(int count) =>
        count.ToString(CultureInfo.InvariantCulture) + (count == 1 ? " VU" : " VUs");

    /// <summary>
    /// What the load actually reached beside what was planned: "reached 4 of 4 VUs, 12 HTTP connections opened (at
    /// most 4 open at once)". A plan the machine could not start shows here, not only in the latencies. Null when
    /// no load ran (or the results predate these gauges).
    /// </summary>
    public static string? Reached(RunResult result)
    {
        if (result.Fingerprint is not { } fingerprint || result.Metrics is not { } metrics || !metrics.HasSeries(MetricCatalog.VusReached, NoFilter))
        {
            return null;
        }
        double Gauge(string metric) => ((GaugeAggregate)metrics.Query(metric, NoFilter)).Value;
        // A segment's run planned only its share of the VUs.
        var planned = result.Segment.Scale(fingerprint.Vus);
        var opened = Gauge(MetricCatalog.HttpConnsOpened);
        return string.Create(CultureInfo.InvariantCulture,
            $"reached {Gauge(MetricCatalog.VusReached):N0} of {planned:N0} {(planned == 1 ? "VU" : "VUs")}, {opened:N0} HTTP {(opened == 1 ? "connection" : "connections")} opened (at most {Gauge(MetricCatalog.HttpConnsPeak):N0} open at once)");
    }
}
