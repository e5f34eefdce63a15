using Modulo.Perf.Engine.Baselines;

namespace Modulo.Perf.Engine.Tests.Baselines;

/// <summary>
/// The interleaved statistic on synthetic pairs with a known change and known noise: what the interval must
/// find, what it must not call, and how noise shared by both sides of a pair cancels.
/// </summary>
public class InterleavedComparerTests
{
    private static readonly RegressionSettings Settings = new();

    /// <summary>Multiplicative noise: e^(σ·N(0,1)), seeded so every run of the test sees the same numbers.</summary>
    private static Func<double> Noise(double sigma, int seed)
    {
        var random = new Random(seed);
        return () => Math.Exp(sigma * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
    }

    private static InterleavedMetric Metric(IReadOnlyList<InterleavedRound> rounds, string name, RegressionSettings? settings = null) =>
        Assert.Single(InterleavedComparer.Compare(rounds, settings ?? Settings), m => m.Metric == name);

    private static InterleavedMetric Read(double headFactor, double sigma, int seed = 1, int pairs = 12)
    {
        var noise = Noise(sigma, seed);
        var rounds = InterleavedRounds.Build(pairs, (role, _) => new(20 * (role == BuildRole.Head ? headFactor : 1) * noise()));
        return Metric(rounds, "read_latency_p95");
    }

    [Fact]
    public void A_30_percent_slower_head_with_3_percent_noise_is_a_regression_whose_interval_holds_the_truth()
    {
        var read = Read(1.3, 0.03);

        Assert.True(InterleavedOutcome.Regression == read.Outcome, read.Comparison.Reason);
        Assert.True(read.Comparison.Regression, read.Comparison.Reason);
        Assert.Equal(12, read.Pairs.Count);
        Assert.InRange(read.Estimate!.Median, 24, 36);
        Assert.True(read.Estimate.Low > 15 && read.Estimate.Low <= 30 && read.Estimate.High >= 30, read.Comparison.Reason);
        Assert.Contains("whole interval is worse than the ±15% tolerance", read.Comparison.Reason);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void An_unchanged_head_with_5_percent_noise_is_no_change(int seed)
    {
        var read = Read(1.0, 0.05, seed);

        Assert.Equal(InterleavedOutcome.NoChange, read.Outcome);
        Assert.False(read.Comparison.Regression || read.Comparison.Inconclusive, read.Comparison.Reason);
    }

    [Fact]
    public void A_real_change_drowned_in_noise_is_inconclusive_not_a_regression()
    {
        var read = Read(1.3, 0.6);

        Assert.Equal(InterleavedOutcome.Inconclusive, read.Outcome);
        Assert.True(read.Comparison.Inconclusive);
        Assert.Contains("crosses the ±15% tolerance", read.Comparison.Reason);
    }

    [Fact]
    public void A_30_percent_faster_head_is_an_improvement()
    {
        var read = Read(0.7, 0.05);

        Assert.Equal(InterleavedOutcome.Improvement, read.Outcome);
        Assert.False(read.Comparison.Regression);
    }

    [Fact]
    public void A_busy_machine_that_slows_both_sides_of_each_pair_cancels_out()
    {
        // Each pair runs while the machine is 1× to 3× slower: a baseline recorded on a quiet night would see
        // up to +200 %. Pairs share the slowdown, so the unchanged head stays "no change" and +30 % is still found.
        var busy = new Random(7);
        var slowdownPerPair = Enumerable.Range(0, 14).Select(_ => 1 + 2 * busy.NextDouble()).ToArray();
        double Slowdown(int round) => slowdownPerPair[round / 2];
        var small = Noise(0.03, 11);

        var unchanged = InterleavedRounds.Build(12, (_, round) => new(20 * Slowdown(round) * small()));
        var slower = InterleavedRounds.Build(12, (role, round) => new(20 * Slowdown(round) * small() * (role == BuildRole.Head ? 1.3 : 1)));

        Assert.Equal(InterleavedOutcome.NoChange, Metric(unchanged, "read_latency_p95").Outcome);
        Assert.Equal(InterleavedOutcome.Regression, Metric(slower, "read_latency_p95").Outcome);
    }

    [Fact]
    public void One_pair_hit_by_a_noisy_neighbour_does_not_raise_an_alarm()
    {
        // The head round of the third pair ran during a CPU burst: three times slower.
        var rounds = InterleavedRounds.Build(12, (role, round) => new(role == BuildRole.Head && round is 6 or 7 ? 60 : 20));

        var read = Metric(rounds, "read_latency_p95");

        Assert.Equal(InterleavedOutcome.NoChange, read.Outcome);
        Assert.Equal(200, read.Pairs.Max(p => p.Change), 6);
    }

    /// <summary>
    /// The noisy neighbour as bench/noisy-ab.sh measured it: clean pairs scatter by about 10 % (7 % on each side), and a quarter of
    /// the pairs have one side, either, hit by a CPU burst that makes its p95 1.2 to 4.5 times slower.
    /// </summary>
    private static InterleavedMetric BurstyNeighbour(double headFactor, int seed, int pairs)
    {
        var random = new Random(seed);
        var clean = Noise(0.07, seed);
        var burstOnPair = Enumerable.Range(0, pairs + 1).Select(_ => random.NextDouble() < 0.25 ? (random.Next(2) == 0 ? BuildRole.Base : BuildRole.Head) : (BuildRole?)null).ToArray();
        var rounds = InterleavedRounds.Build(pairs, (role, round) =>
        {
            var burst = burstOnPair[round / 2] == role ? Math.Exp(0.2 + 1.3 * random.NextDouble()) : 1;
            return new(20 * (role == BuildRole.Head ? headFactor : 1) * clean() * burst);
        });
        return Metric(rounds, "read_latency_p95");
    }

    [Fact]
    public void Under_a_bursty_neighbour_40_pairs_meet_the_goal_no_false_alarm_and_at_least_9_of_10_detections_at_30_percent()
    {
        // The goal of issue 11 on synthetic pairs with a known ratio and known noise: 40 pairs are what a 40 s
        // profile gets by default (RoundPlan), and the sign test's interval leaves the burst-hit pairs at its ends.
        var seeds = Enumerable.Range(100, 10).ToList();

        var falseAlarms = seeds.Count(seed => BurstyNeighbour(1.0, seed, 40).Outcome == InterleavedOutcome.Regression);
        var detections = seeds.Count(seed => BurstyNeighbour(1.3, seed, 40).Outcome == InterleavedOutcome.Regression);
        var detectionsWith12Pairs = seeds.Count(seed => BurstyNeighbour(1.3, seed, 12).Outcome == InterleavedOutcome.Regression);

        Assert.Equal(0, falseAlarms);
        Assert.InRange(detections, 9, 10);
        // The same noise with 12 pairs (the former default) finds it far less often: the number of pairs is the lever.
        Assert.True(detectionsWith12Pairs < detections, $"{detectionsWith12Pairs} of 10 with 12 pairs, {detections} with 40");
    }

    [Fact]
    public void Error_rates_are_compared_in_points_and_throughput_by_its_fall()
    {
        var rounds = InterleavedRounds.Build(12, (role, _) => role == BuildRole.Head ? new(20, ErrorRate: 0.05, Rps: 80) : new(20, ErrorRate: 0, Rps: 100));

        var errors = Metric(rounds, "error_rate");
        var throughput = Metric(rounds, "throughput");

        Assert.Equal(InterleavedOutcome.Regression, errors.Outcome);
        Assert.Equal(5, errors.Estimate!.Median, 6);
        Assert.Contains("+5.0 points", errors.Comparison.Reason);
        Assert.Equal(ComparisonKind.ErrorRate, errors.Kind);
        Assert.Equal(InterleavedOutcome.Regression, throughput.Outcome);
        Assert.Equal(-20, throughput.Estimate!.Median, 6);
        Assert.Equal(80, throughput.Comparison.Current, 6);
        Assert.Equal(100, throughput.Comparison.Baseline, 6);
    }

    [Fact]
    public void Fewer_than_8_pairs_cannot_give_a_99_percent_interval()
    {
        var read = Read(2.0, 0.01, pairs: 7);

        Assert.Equal(InterleavedOutcome.Inconclusive, read.Outcome);
        Assert.Null(read.Estimate);
        Assert.Contains("7 round pair(s) are too few for a 99 % interval; at least 8", read.Comparison.Reason);
    }

    [Fact]
    public void Too_few_samples_make_the_comparison_inconclusive()
    {
        var rounds = InterleavedRounds.Build(12, (role, _) => new(role == BuildRole.Head ? 40 : 20, Requests: 5));

        var read = Metric(rounds, "read_latency_p95");

        Assert.Equal(InterleavedOutcome.Inconclusive, read.Outcome);
        Assert.Contains("too few samples", read.Comparison.Reason);
    }

    [Fact]
    public void Warm_up_rounds_are_never_compared()
    {
        // The warm-ups (rounds 0 and 1) are wildly different; the measured rounds are identical.
        var rounds = InterleavedRounds.Build(8, (role, round) => new(round < 2 ? (role == BuildRole.Head ? 500 : 5) : 20));

        var read = Metric(rounds, "read_latency_p95");

        Assert.Equal(InterleavedOutcome.NoChange, read.Outcome);
        Assert.DoesNotContain(read.Pairs, p => p.BaseRound < 2 || p.HeadRound < 2);
    }

    [Fact]
    public void A_cost_per_request_beyond_what_fixed_costs_explain_is_a_regression_when_head_completed_half_the_requests()
    {
        // Head's allocations halved its requests per round: fixed costs could at most double its cost per request,
        // not multiply it by 13. Its CPU, 2.1 times the base's, is within what they explain.
        var rounds = InterleavedRounds.Build(12, (role, _) => role == BuildRole.Head
            ? new(20, Requests: 450, Service: new ServiceMeasurement(0.19, 17_848, 450))
            : new(20, Requests: 1_000, Service: new ServiceMeasurement(0.09, 1_364, 1_000)));

        var alloc = Metric(rounds, ServiceMeasurement.AllocMetric);
        var cpu = Metric(rounds, ServiceMeasurement.CpuMetric);

        Assert.True(alloc.Outcome == InterleavedOutcome.Regression, alloc.Comparison.Reason);
        Assert.True(cpu.Outcome == InterleavedOutcome.Inconclusive, cpu.Comparison.Reason);
        Assert.Contains("0.45× the base's requests per round", cpu.Comparison.Reason);
    }
}
