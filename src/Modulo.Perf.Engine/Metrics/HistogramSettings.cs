using HdrHistogram;

namespace Modulo.Perf.Engine.Metrics;

/// <summary>
/// One place for the histogram shape: microsecond resolution, 3 significant digits, values up to one hour.
/// Every trend uses it, so any two histograms of a run (or of a baseline) can be added together.
/// </summary>
public static class HistogramSettings
{
    public const long LowestMicros = 1;
    public const long HighestMicros = 3_600_000_000;
    public const int SignificantDigits = 3;

    /// <summary>A single-writer recorder for one thread's samples of one series (32-bit counts per interval).</summary>
    public static Recorder CreateRecorder() =>
        HistogramFactory.With32BitBucketSize()
            .WithValuesFrom(LowestMicros)
            .WithValuesUpTo(HighestMicros)
            .WithPrecisionOf(SignificantDigits)
            .WithThreadSafeReads()
            .Create();

    /// <summary>A histogram that accumulates a whole run (64-bit counts).</summary>
    public static HistogramBase CreateAccumulator() => new LongHistogram(LowestMicros, HighestMicros, SignificantDigits);

    /// <summary>Clamps so that an absurd value (a stalled clock, a day-long hang) cannot throw on the hot path.</summary>
    public static long Clamp(long micros) => Math.Clamp(micros, 0, HighestMicros);
}
