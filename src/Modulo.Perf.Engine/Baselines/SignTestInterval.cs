namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// The median of paired differences (or ratios) and its exact, distribution-free confidence interval from the
/// sign test: the number of values below the true median is binomial(n, ½) whatever their distribution, so the
/// order statistics x(k) and x(n−k+1) enclose it with probability 1 − 2·P(Bin(n, ½) ≤ k−1). The widest
/// interval with at least the asked confidence uses the largest such k. Why this interval: docs/baselines.md.
/// </summary>
public static class SignTestInterval
{
    /// <summary>The confidence the interleaved comparison asks of its intervals.</summary>
    public const double Confidence = 0.99;

    /// <summary>
    /// The 1-based rank k of the lower bound for <paramref name="n"/> values, or 0 when even the full range
    /// (k = 1, coverage 1 − 2/2ⁿ) falls short of <paramref name="confidence"/>.
    /// </summary>
    public static int LowerRank(int n, double confidence = Confidence)
    {
        var alpha = 1 - confidence;
        var rank = 0;
        var probability = Math.Pow(0.5, n);
        var cumulative = probability;
        // cumulative = P(Bin(n, ½) ≤ k − 1) for k = rank + 1; the interval [x(k), x(n−k+1)] needs 2·cumulative ≤ α.
        for (var k = 1; k <= (n + 1) / 2 && 2 * cumulative <= alpha; k++)
        {
            rank = k;
            probability = probability * (n - k + 1) / k;
            cumulative += probability;
        }
        return rank;
    }

    /// <summary>The fewest values whose full range reaches <paramref name="confidence"/>: 8 for 99 %.</summary>
    public static int MinimumCount(double confidence = Confidence)
    {
        var n = 1;
        while (LowerRank(n, confidence) == 0)
        {
            n++;
        }
        return n;
    }

    /// <summary>The exact coverage of the interval between ranks k and n−k+1.</summary>
    public static double Coverage(int n, int lowerRank)
    {
        var probability = Math.Pow(0.5, n);
        var cumulative = 0.0;
        for (var i = 0; i < lowerRank; i++)
        {
            cumulative += probability;
            probability = probability * (n - i) / (i + 1);
        }
        return 1 - 2 * cumulative;
    }

    /// <summary>The median and its interval, or null when there are too few values for the confidence.</summary>
    public static PairedEstimate? Estimate(IReadOnlyList<double> values, double confidence = Confidence)
    {
        var n = values.Count;
        var rank = LowerRank(n, confidence);
        if (rank == 0)
        {
            return null;
        }
        var sorted = values.Order().ToArray();
        return new PairedEstimate(Median(sorted), sorted[rank - 1], sorted[n - rank], n, Coverage(n, rank));
    }

    /// <summary>The middle value, or the mean of the two middle values; 0 for none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

/// <summary>The median of <paramref name="Count"/> paired values and the interval [Low, High] holding it with <paramref name="Coverage"/>.</summary>
public sealed record PairedEstimate(double Median, double Low, double High, int Count, double Coverage);
