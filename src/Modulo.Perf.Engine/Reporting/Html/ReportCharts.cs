using System.Globalization;
using HdrHistogram;
using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.Reporting.Html;

/// <summary>The HTML report's charts, built from a run's interval statistics and merged histograms.</summary>
public static class ReportCharts
{
    private const int PercentileTicksPerHalfDistance = 5;
    private const double ShortestRateInterval = 0.5;

    /// <summary>p50/p90/p95/p99 of each interval alone, so a slow phase shows where it happened instead of averaging away.</summary>
    public static SvgLineChart LatencyOverTime(IReadOnlyList<IntervalRow> rows)
    {
        var measured = rows.Where(r => r.Latency.Count > 0).ToList();
        ChartSeries Line(string name, string css, Func<IntervalTrend, double> value) =>
            new(name, css, measured.Select(r => new ChartPoint(r.EndSeconds, value(r.Latency))).ToList());
        return new SvgLineChart
        {
            Title = "Request latency percentiles per interval",
            XLabel = "seconds into the run",
            YLabel = "latency (ms)",
            X = TimeAxis(rows),
            Y = ChartAxis.Linear(0, measured.Select(r => r.Latency.P99).DefaultIfEmpty(0).Max()),
            Series =
            [
                Line("p50", "s1", l => l.P50),
                Line("p90", "s2", l => l.P90),
                Line("p95", "s3", l => l.P95),
                Line("p99", "s4", l => l.P99),
            ],
        };
    }

    /// <summary>
    /// Requests and failures per second of each interval. The final collect when load stops can close an interval
    /// of a few milliseconds whose rate is mostly noise (3 requests in 10 ms is not 300/s), so intervals shorter
    /// than <see cref="ShortestRateInterval"/> are left out here; intervals.csv keeps them.
    /// </summary>
    public static SvgLineChart ThroughputOverTime(IReadOnlyList<IntervalRow> rows)
    {
        var rated = rows.Where(r => r.Seconds >= ShortestRateInterval).ToList();
        return new SvgLineChart
        {
            Title = "Requests and failed requests per second",
            XLabel = "seconds into the run",
            YLabel = "per second",
            X = TimeAxis(rows),
            Y = ChartAxis.Linear(0, rated.Select(r => r.RequestsPerSecond).DefaultIfEmpty(0).Max()),
            Series =
            [
                new("requests/s", "s1", rated.Select(r => new ChartPoint(r.EndSeconds, r.RequestsPerSecond)).ToList()),
                new("failed/s", "bad", rated.Select(r => new ChartPoint(r.EndSeconds, r.FailedPerSecond)).ToList()),
            ],
        };
    }

    /// <summary>
    /// HdrHistogram's percentile distribution: latency against percentile on a log scale of 1/(1-p), so the tail
    /// (99 %, 99.9 %, ...) gets as much room as the body. One curve per request type that received samples.
    /// </summary>
    public static SvgLineChart LatencyDistribution(IReadOnlyList<(string Name, TrendAggregate Trend)> trends)
    {
        var css = new[] { "s1", "s2", "s3", "s4", "s5" };
        var series = trends.Where(t => t.Trend.SampleCount > 0)
            .Select((t, i) => new ChartSeries(t.Name, css[i % css.Length], PercentileCurve(t.Trend.Histogram)))
            .ToList();
        var right = Math.Max(1, Math.Ceiling(series.SelectMany(s => s.Points).Select(p => p.X).DefaultIfEmpty(1).Max()));
        return new SvgLineChart
        {
            Title = "Latency by percentile (HdrHistogram, log scale)",
            XLabel = "percentile",
            YLabel = "latency (ms)",
            X = new ChartAxis(0, right, Enumerable.Range(0, (int)right + 1).Select(n => new AxisTick(n, PercentileLabel(n))).ToList()),
            Y = ChartAxis.Linear(0, series.SelectMany(s => s.Points).Select(p => p.Y).DefaultIfEmpty(0).Max()),
            Series = series,
        };
    }

    private static IReadOnlyList<ChartPoint> PercentileCurve(HistogramBase histogram)
    {
        // The 100th percentile sits at infinity on this scale; draw it one step past "1 in N samples" instead.
        var last = Math.Log10(Math.Max(10, histogram.TotalCount));
        return histogram.Percentiles(PercentileTicksPerHalfDistance)
            .Select(v => new ChartPoint(
                v.PercentileLevelIteratedTo >= 100 ? last : Math.Min(last, Math.Log10(100 / (100 - v.PercentileLevelIteratedTo))),
                histogram.HighestEquivalentValue(v.ValueIteratedTo) / 1000.0))
            .ToList();
    }

    /// <summary>
    /// p95 of each latency trend over the baseline's stored runs (oldest first) and this run, one line per suite
    /// and metric; null when there is nothing to draw a line through. Ticks name the runs' dates, at most eight.
    /// Where the fingerprint changes from one run to the next (another load, build configuration, machine size),
    /// a marker names the difference and the lines break: those points measure different things.
    /// </summary>
    public static SvgLineChart? P95Trend(BaselineComparison comparison)
    {
        var labels = comparison.History
            .Select(run => run.Recorded.UtcDateTime.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture))
            .Append("this run")
            .ToList();
        var css = new[] { "s1", "s2", "s3", "s4", "s5" };
        var series = comparison.Current.Suites
            .SelectMany(suite => suite.Value.Latency.Select(latency => (Suite: suite.Key, Metric: latency.Key, Current: latency.Value.P95)))
            .Select((c, i) => new ChartSeries($"{c.Suite} {c.Metric}", css[i % css.Length], comparison.History
                .Select((run, index) => (Index: index, P95: run.Suites.GetValueOrDefault(c.Suite)?.Latency.GetValueOrDefault(c.Metric)?.P95))
                .Where(p => p.P95 is not null)
                .Select(p => new ChartPoint(p.Index, p.P95!.Value))
                .Append(new ChartPoint(labels.Count - 1, c.Current))
                .ToList()))
            .Where(s => s.Points.Count > 1)
            .ToList();
        if (series.Count == 0)
        {
            return null;
        }
        var last = labels.Count - 1;
        var every = Math.Max(1, (int)Math.Ceiling(labels.Count / 8.0));
        var ticks = Enumerable.Range(0, labels.Count).Where(i => i % every == 0 || i == last).Select(i => new AxisTick(i, labels[i])).ToList();
        var fingerprints = comparison.History.Select(run => run.Fingerprint).Append(comparison.Current.Fingerprint).ToList();
        var markers = Enumerable.Range(1, fingerprints.Count - 1)
            .Select(i => (Index: i, Differences: FingerprintDifferences.Between(fingerprints[i - 1], fingerprints[i])))
            .Where(change => change.Differences.Count > 0)
            .Select(change => new ChartMarker(change.Index - 0.5, $"fingerprint changed: {string.Join("; ", change.Differences)}"))
            .ToList();
        return new SvgLineChart
        {
            Markers = markers,
            Title = "p95 latency over the baseline history",
            XLabel = "baseline runs, oldest first (UTC)",
            YLabel = "p95 (ms)",
            X = new ChartAxis(0, last, ticks),
            Y = ChartAxis.Linear(0, series.SelectMany(s => s.Points).Max(p => p.Y)),
            Series = series,
        };
    }

    /// <summary>
    /// One metric of an interleaved comparison, round by round: a dot per measured round at its place in the run,
    /// base hollow and head filled, so ABBA order, drift and the rounds a noisy neighbour hit are all visible.
    /// </summary>
    public static SvgLineChart RoundDots(InterleavedMetric metric)
    {
        var unit = ComparisonFormat.Unit(metric.Kind);
        var rounds = metric.Pairs.SelectMany(p => new[] { p.BaseRound, p.HeadRound }).DefaultIfEmpty(0).ToList();
        return new SvgLineChart
        {
            Title = $"{metric.Suite} {metric.Metric} per round",
            XLabel = "round (warm-ups 1–2 not compared)",
            YLabel = $"{metric.Metric} ({unit})",
            X = ChartAxis.Linear(rounds.Min() + 1, rounds.Max() + 1, targetTicks: 10, endAtMax: true),
            Y = ChartAxis.Linear(0, metric.Pairs.SelectMany(p => new[] { p.Base, p.Head }).DefaultIfEmpty(1).Max()),
            Series =
            [
                new("base", "s1", [.. metric.Pairs.Select(p => new ChartPoint(p.BaseRound + 1, p.Base))], Dots: true),
                new("head", "s2", [.. metric.Pairs.Select(p => new ChartPoint(p.HeadRound + 1, p.Head))], Dots: true),
            ],
        };
    }

    /// <summary>0 → 0%, 1 → 90%, 2 → 99%, 3 → 99.9%: the nines a tick at 10^n stands for.</summary>
    private static string PercentileLabel(int decades) =>
        (100 - 100 / Math.Pow(10, decades)).ToString("0.#####", CultureInfo.InvariantCulture) + "%";

    private static ChartAxis TimeAxis(IReadOnlyList<IntervalRow> rows) =>
        ChartAxis.Linear(0, rows.Select(r => r.EndSeconds).DefaultIfEmpty(1).Max(), targetTicks: 10, endAtMax: true);
}
