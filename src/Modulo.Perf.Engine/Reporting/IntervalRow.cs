using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>
/// One interval of HTTP traffic as reports show it: requests and failures with their rates, and the interval's
/// own latency percentiles. The same numbers feed intervals.csv and the HTML report's charts, so they cannot disagree.
/// </summary>
public sealed record IntervalRow(
    double StartSeconds,
    double EndSeconds,
    long Requests,
    long Failed,
    long Iterations,
    IntervalTrend Latency)
{
    private static readonly IntervalTrend NoLatency = new(0, 0, 0, 0, 0, 0);

    public double Seconds => EndSeconds - StartSeconds;
    public double RequestsPerSecond => Seconds > 0 ? Requests / Seconds : 0;
    public double FailedPerSecond => Seconds > 0 ? Failed / Seconds : 0;
    public double ErrorRate => Requests > 0 ? (double)Failed / Requests : 0;

    public static IntervalRow From(IntervalStats interval) => new(
        interval.StartSeconds,
        interval.EndSeconds,
        interval.CounterDeltas.GetValueOrDefault(MetricCatalog.HttpReqs),
        interval.RateDeltas.GetValueOrDefault(MetricCatalog.HttpReqFailed).NonZero,
        interval.CounterDeltas.GetValueOrDefault(MetricCatalog.Iterations),
        interval.Trends.GetValueOrDefault(MetricCatalog.HttpReqDuration) ?? NoLatency);
}
