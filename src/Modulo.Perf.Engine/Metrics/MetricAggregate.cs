using HdrHistogram;

namespace Modulo.Perf.Engine.Metrics;

/// <summary>The merged value of a metric (or sub-metric) over the series it selects, ready for thresholds and reports.</summary>
public abstract record MetricAggregate(MetricType Type)
{
    /// <summary>Samples behind the value: requests for a trend or rate, the sum for a counter.</summary>
    public abstract long SampleCount { get; }
}

/// <summary>A trend's distribution; statistics come out in milliseconds.</summary>
public sealed record TrendAggregate(HistogramBase Histogram) : MetricAggregate(MetricType.Trend)
{
    public override long SampleCount => Histogram.TotalCount;

    public double Avg => SampleCount == 0 ? 0 : Histogram.GetMean() / 1000.0;
    public double Min => SampleCount == 0 ? 0 : Histogram.LowestEquivalentValue(Histogram.RecordedValues().First().ValueIteratedTo) / 1000.0;
    public double Max => SampleCount == 0 ? 0 : Histogram.GetMaxValue() / 1000.0;
    public double Med => Percentile(50);

    /// <summary>The value at percentile <paramref name="p"/> (0–100), in milliseconds.</summary>
    public double Percentile(double p) => SampleCount == 0 ? 0 : Histogram.GetValueAtPercentile(p) / 1000.0;
}

/// <summary>k6's rate: the share of samples that were non-zero (true).</summary>
public sealed record RateAggregate(long Passes, long Total) : MetricAggregate(MetricType.Rate)
{
    public override long SampleCount => Total;
    public long Fails => Total - Passes;
    public double Rate => Total == 0 ? 0 : (double)Passes / Total;
}

/// <summary>A running sum and its rate per second of the run.</summary>
public sealed record CounterAggregate(long Count, double ElapsedSeconds) : MetricAggregate(MetricType.Counter)
{
    public override long SampleCount => Count;
    public double Rate => ElapsedSeconds <= 0 ? 0 : Count / ElapsedSeconds;
}

public sealed record GaugeAggregate(double Value, long Samples) : MetricAggregate(MetricType.Gauge)
{
    public override long SampleCount => Samples;
}
