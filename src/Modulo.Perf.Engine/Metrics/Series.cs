using HdrHistogram;

namespace Modulo.Perf.Engine.Metrics;

/// <summary>
/// One metric with one tag set, e.g. http_req_duration{type:read,name:read,status:200,...}.
/// Samples land in per-thread sinks; the aggregator folds them into <see cref="Accumulated"/>.
/// </summary>
public sealed class Series
{
    internal Series(int id, string metric, MetricType type, TagSet tags)
    {
        Id = id;
        Metric = metric;
        Type = type;
        Tags = tags;
        Accumulated = type == MetricType.Trend ? HistogramSettings.CreateAccumulator() : null;
    }

    public int Id { get; }
    public string Metric { get; }
    public MetricType Type { get; }
    public TagSet Tags { get; }

    /// <summary>Trends only: every sample of the run so far, in microseconds. Owned by the aggregator.</summary>
    internal HistogramBase? Accumulated { get; }

    /// <summary>Gauges only: the last value set.</summary>
    internal double GaugeValue;
}
