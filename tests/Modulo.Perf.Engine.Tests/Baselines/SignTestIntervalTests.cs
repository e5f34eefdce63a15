using Modulo.Perf.Engine.Baselines;

namespace Modulo.Perf.Engine.Tests.Baselines;

/// <summary>The exact sign-test interval: its ranks against the binomial tables, and its coverage on known data.</summary>
public class SignTestIntervalTests
{
    [Theory]
    // n, k: the largest k with 2·P(Bin(n, ½) ≤ k−1) ≤ 1 %, as in published sign-test tables.
    [InlineData(7, 0)]
    [InlineData(8, 1)]
    [InlineData(11, 1)]
    [InlineData(12, 2)]
    [InlineData(14, 2)]
    [InlineData(15, 3)]
    [InlineData(20, 4)]
    [InlineData(30, 8)]
    public void The_lower_rank_is_the_widest_that_still_reaches_99_percent(int n, int rank)
    {
        Assert.Equal(rank, SignTestInterval.LowerRank(n));
        if (rank > 0)
        {
            Assert.True(SignTestInterval.Coverage(n, rank) >= 0.99);
        }
        Assert.True(SignTestInterval.Coverage(n, rank + 1) < 0.99);
    }

    [Fact]
    public void Eight_values_are_the_fewest_for_99_percent()
    {
        Assert.Equal(8, SignTestInterval.MinimumCount());
        Assert.Null(SignTestInterval.Estimate([1, 2, 3, 4, 5, 6, 7]));
        Assert.Equal(1 - 2 / 256.0, SignTestInterval.Coverage(8, 1), 9);
    }

    [Fact]
    public void The_estimate_is_the_median_and_the_interval_its_order_statistics()
    {
        double[] values = [9, 1, 12, 5, 3, 7, 11, 2, 8, 4, 6, 10];

        var estimate = SignTestInterval.Estimate(values)!;

        Assert.Equal(6.5, estimate.Median);
        Assert.Equal(2, estimate.Low);
        Assert.Equal(11, estimate.High);
        Assert.Equal(12, estimate.Count);
    }

    [Fact]
    public void On_skewed_noise_the_interval_holds_the_true_median_at_least_99_percent_of_the_time()
    {
        // Known truth: log-normal noise (skewed, like latency ratios) around a median of exactly 1.3.
        var random = new Random(20261129);
        const int Trials = 4_000;
        var covered = 0;
        for (var trial = 0; trial < Trials; trial++)
        {
            var values = Enumerable.Range(0, 12).Select(_ => 1.3 * Math.Exp(0.2 * Normal(random))).ToList();
            var estimate = SignTestInterval.Estimate(values)!;
            covered += estimate.Low <= 1.3 && 1.3 <= estimate.High ? 1 : 0;
        }
        // The exact coverage for 12 values is 99.37 %; 4,000 seeded trials land within a few tenths of it.
        Assert.InRange(covered / (double)Trials, 0.985, 1.0);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
