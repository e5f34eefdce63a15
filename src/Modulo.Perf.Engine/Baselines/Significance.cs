using HdrHistogram;

namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// The statistical half of the regression rule: is a change larger than the sampling noise of the two runs?
/// Each test is one-sided at 99 % (or uses non-overlapping 99 % intervals), so on an unchanged service it fires
/// in well under 1 % of comparisons even before the tolerance and the history's spread are applied.
/// </summary>
public static class Significance
{
    /// <summary>z for a two-sided 99 % interval.</summary>
    public const double IntervalZ = 2.576;

    /// <summary>z for a one-sided test at 99 %.</summary>
    public const double OneSidedZ = 2.326;

    /// <summary>
    /// A distribution-free 99 % confidence interval of percentile <paramref name="percentile"/> (0–100), in ms:
    /// the number of samples below the true percentile is binomial(n, q), so the interval runs between the order
    /// statistics at ranks n·q ± z·√(n·q·(1−q)), read from the histogram.
    /// </summary>
    public static (double Low, double High) PercentileInterval(HistogramBase histogram, double percentile)
    {
        var n = (double)histogram.TotalCount;
        var q = percentile / 100;
        var halfWidth = IntervalZ * Math.Sqrt(n * q * (1 - q));
        var lowRank = Math.Max(1, Math.Floor(n * q - halfWidth));
        var highRank = Math.Min(n, Math.Ceiling(n * q + halfWidth) + 1);
        return (ValueAtRank(histogram, lowRank, n), ValueAtRank(histogram, highRank, n));
    }

    /// <summary>True when the current p95 is higher than the baseline's beyond both runs' sampling uncertainty.</summary>
    public static bool PercentileIncreased(HistogramBase baseline, HistogramBase current, double percentile) =>
        PercentileInterval(current, percentile).Low > PercentileInterval(baseline, percentile).High;

    /// <summary>Two-proportion z-test: did the failure rate go up?</summary>
    public static bool RateIncreased(long baselineFailed, long baselineTotal, long currentFailed, long currentTotal)
    {
        var pooled = (double)(baselineFailed + currentFailed) / (baselineTotal + currentTotal);
        var standardError = Math.Sqrt(pooled * (1 - pooled) * (1.0 / baselineTotal + 1.0 / currentTotal));
        if (standardError == 0)
        {
            return false;
        }
        var z = ((double)currentFailed / currentTotal - (double)baselineFailed / baselineTotal) / standardError;
        return z > OneSidedZ;
    }

    /// <summary>
    /// Did the request rate go down? Request counts over a fixed time are treated as Poisson, so each rate's
    /// variance is count / seconds².
    /// </summary>
    public static bool ThroughputDecreased(ThroughputMeasurement baseline, ThroughputMeasurement current)
    {
        var variance = baseline.Requests / (baseline.Seconds * baseline.Seconds) + current.Requests / (current.Seconds * current.Seconds);
        return variance > 0 && (baseline.Rps - current.Rps) / Math.Sqrt(variance) > OneSidedZ;
    }

    private static double ValueAtRank(HistogramBase histogram, double rank, double n) =>
        histogram.GetValueAtPercentile(100 * rank / n) / 1000.0;
}
