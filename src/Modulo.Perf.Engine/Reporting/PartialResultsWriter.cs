using System.Text.Json;
using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>
/// Writes partial.json (<see cref="PartialRun"/>), what <c>modulo-perf merge</c> reads to judge a segmented test
/// as one run. Every run that measured load writes it, segmented or not (an unsegmented run is the segment 0:1),
/// and atomically, so a killed instance leaves none rather than half of one.
/// </summary>
public static class PartialResultsWriter
{
    public const string FileName = "partial.json";

    public static void Write(string directory, RunResult result)
    {
        if (result.Metrics is not { } metrics || result.Fingerprint is not { } fingerprint)
        {
            return;
        }
        var partial = new PartialRun(
            PartialRun.CurrentSchemaVersion,
            result.Segment.Segment.ToString(),
            result.Segment.Sequence.ToString(),
            fingerprint,
            result.Started,
            result.DurationSeconds,
            result.MachineProbeMs,
            [.. metrics.AllSeries.Select(series => Series(metrics, series))],
            metrics.Intervals,
            result.SegmentStart is { } start ? new PartialClock(start.Actual, start.OffsetSeconds, start.ScheduledAt) : null,
            result.AbortedBy is { } aborted ? new PartialAbort(aborted.Definition.Selector.Text, aborted.Definition.Source, aborted.Message) : null,
            result.EngineUsage);
        Directory.CreateDirectory(directory);
        AtomicFile.Write(Path.Combine(directory, FileName), JsonSerializer.SerializeToUtf8Bytes(partial, PartialRunJson.Default.PartialRun));
    }

    private static PartialSeries Series(MetricRegistry metrics, Series series)
    {
        var tags = series.Tags.Tags.ToDictionary(t => t.Key, t => t.Value);
        switch (series.Type)
        {
            case MetricType.Trend:
                return new PartialSeries(series.Metric, tags, Histogram: HistogramCodec.Encode(series.Accumulated!));
            case MetricType.Counter or MetricType.Rate:
                var counts = metrics.CountsOf(series);
                return new PartialSeries(series.Metric, tags, Sum: counts.Sum, NonZero: counts.NonZero);
            default:
                return new PartialSeries(series.Metric, tags, Value: Volatile.Read(ref series.GaugeValue));
        }
    }
}
