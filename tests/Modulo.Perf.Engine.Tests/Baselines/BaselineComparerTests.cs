using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.Tests.Baselines;

/// <summary>
/// The comparer on runs captured from real registries, without a network: each rule of docs/baselines.md
/// (tolerance, sampling noise, history, fingerprint, busy machine, minimum samples) decides one case.
/// </summary>
public class BaselineComparerTests
{
    private const string Path = "/baselines/performance-baselines.json";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly RunFingerprint Fingerprint =
        new("short", "constant-vus", 4, 2, [], ["api"], "/perfgate.json", "hash", "http://127.0.0.1:1/", "0.1.0", 2);

    /// <summary>A run of <paramref name="reads"/> reads spread evenly from 0 to <paramref name="slowestMs"/> ms, none failed.</summary>
    private static BaselineRun Run(int hour, double slowestMs, int reads = 2_000, RunFingerprint? fingerprint = null, double machineProbeMs = 20)
    {
        var registry = new MetricRegistry();
        var read = registry.Register(MetricCatalog.HttpReqDuration, new TagSet(new Dictionary<string, string> { ["scenario"] = "api", ["type"] = "read" })).Id;
        for (var i = 1; i <= reads; i++)
        {
            registry.RecordTrend(read, (long)(slowestMs * 1_000 * i / reads));
        }
        registry.Collect();
        return RunMeasurements.Capture(registry, ["api"], fingerprint ?? Fingerprint, Start.AddHours(hour), null, machineProbeMs);
    }

    private static BaselineFile Baseline(params BaselineRun[] history) =>
        new(1, new BaselineMetadata(Start, Start, null, new Dictionary<string, IReadOnlyList<string>>(), Fingerprint), new Dictionary<string, LatencySummary>(), history);

    private static MetricComparison ReadLatency(BaselineComparison comparison) =>
        Assert.Single(comparison.Metrics, m => m.Metric == "read_latency_p95");

    [Fact]
    public void Without_a_baseline_nothing_is_compared()
    {
        var comparison = BaselineComparer.Compare(Path, null, Run(0, 10), new RegressionSettings(), allowFingerprintMismatch: false);

        Assert.Empty(comparison.Metrics);
        Assert.False(comparison.HasRegression);
    }

    [Fact]
    public void An_unchanged_latency_is_within_the_tolerance()
    {
        var comparison = BaselineComparer.Compare(Path, Baseline(Run(0, 10)), Run(1, 10), new RegressionSettings(), false);

        var read = ReadLatency(comparison);
        Assert.False(read.Regression || read.Inconclusive, read.Reason);
        Assert.Contains("within the 15% tolerance", read.Reason);
    }

    [Fact]
    public void A_doubled_latency_over_many_samples_and_three_stored_runs_is_a_regression()
    {
        var comparison = BaselineComparer.Compare(Path, Baseline(Run(0, 10), Run(1, 10), Run(2, 10)), Run(3, 20), new RegressionSettings(), false);

        var read = ReadLatency(comparison);
        Assert.True(read.Regression, read.Reason);
        Assert.InRange(read.ChangePercent, 95, 105);
        Assert.Contains("worse than each of the last 3 runs", read.Reason);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void With_fewer_than_three_stored_runs_a_doubled_latency_is_inconclusive(int storedRuns)
    {
        var history = Baseline([.. Enumerable.Range(0, storedRuns).Select(hour => Run(hour, 10))]);

        var read = ReadLatency(BaselineComparer.Compare(Path, history, Run(3, 20), new RegressionSettings(), false));

        Assert.False(read.Regression, read.Reason);
        Assert.True(read.Inconclusive);
        Assert.StartsWith($"inconclusive, history too short ({storedRuns} of 3 runs)", read.Reason);
    }

    [Fact]
    public void With_a_short_history_a_change_within_the_tolerance_is_still_judged()
    {
        var read = ReadLatency(BaselineComparer.Compare(Path, Baseline(Run(0, 10)), Run(1, 10.5), new RegressionSettings(), false));

        Assert.False(read.Regression || read.Inconclusive, read.Reason);
    }

    [Fact]
    public void A_change_within_the_range_of_recent_runs_is_not_a_regression()
    {
        var history = Baseline(Run(0, 10), Run(1, 30), Run(2, 10));

        var comparison = BaselineComparer.Compare(Path, history, Run(3, 20), new RegressionSettings(), false);

        var read = ReadLatency(comparison);
        Assert.False(read.Regression, read.Reason);
        Assert.Contains("lies within the last 3 runs' range", read.Reason);
    }

    [Fact]
    public void Another_fingerprint_is_inconclusive_unless_allowed()
    {
        var other = Fingerprint with { Vus = 8 };
        var baseline = Baseline(Run(0, 10, fingerprint: other), Run(1, 10, fingerprint: other), Run(2, 10, fingerprint: other));

        var refused = ReadLatency(BaselineComparer.Compare(Path, baseline, Run(3, 20), new RegressionSettings(), false));
        var allowed = ReadLatency(BaselineComparer.Compare(Path, baseline, Run(3, 20), new RegressionSettings(), true));

        Assert.True(refused.Inconclusive && !refused.Regression, refused.Reason);
        Assert.Contains("--allow-fingerprint-mismatch", refused.Reason);
        Assert.True(allowed.Regression, allowed.Reason);
        Assert.StartsWith("compared although", allowed.Reason);
    }

    [Fact]
    public void Too_few_samples_or_a_busy_machine_make_it_inconclusive()
    {
        var baseline = Baseline(Run(0, 10));

        var few = ReadLatency(BaselineComparer.Compare(Path, baseline, Run(1, 20, reads: 50), new RegressionSettings(), false));
        var busy = ReadLatency(BaselineComparer.Compare(Path, baseline, Run(1, 20, machineProbeMs: 40), new RegressionSettings(), false));

        Assert.True(few.Inconclusive, few.Reason);
        Assert.Contains("too few samples", few.Reason);
        Assert.True(busy.Inconclusive, busy.Reason);
        Assert.Contains("the machine was busier", busy.Reason);
    }
}
