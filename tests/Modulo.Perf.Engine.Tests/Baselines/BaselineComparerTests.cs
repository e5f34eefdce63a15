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
        Assert.Equal("within the 15 % tolerance", read.Reason);
        Assert.Equal(ComparisonOutcome.Unchanged, read.Outcome);
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
        Assert.StartsWith($"history too short ({storedRuns} of 3 runs)", read.Reason);
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
        Assert.Matches(@"within the last 3 runs' range [\d.]+ ms–[\d.]+ ms$", read.Reason);
    }

    [Fact]
    public void Another_fingerprint_is_inconclusive_unless_allowed()
    {
        var other = Fingerprint with { Vus = 8 };
        var baseline = Baseline(Run(0, 10, fingerprint: other), Run(1, 10, fingerprint: other), Run(2, 10, fingerprint: other));

        var refused = ReadLatency(BaselineComparer.Compare(Path, baseline, Run(3, 20), new RegressionSettings(), false));
        var allowed = ReadLatency(BaselineComparer.Compare(Path, baseline, Run(3, 20), new RegressionSettings(), true));

        Assert.True(refused.Inconclusive && !refused.Regression, refused.Reason);
        Assert.Equal("not compared: the baseline was recorded with another fingerprint", refused.Reason);
        Assert.True(allowed.Regression, allowed.Reason);
        Assert.StartsWith("compared although", allowed.Reason);
    }

    [Fact]
    public void A_fingerprint_mismatch_is_said_once_with_each_difference_and_the_option_of_the_caller()
    {
        var release = Fingerprint with { Vus = 8, BuildConfiguration = "Release", TargetFramework = "net10.0" };
        var baseline = Baseline(Run(0, 10, fingerprint: release));
        var debug = Run(1, 20, fingerprint: Fingerprint with { BuildConfiguration = "Debug", TargetFramework = "net10.0" });

        var comparison = BaselineComparer.Compare(Path, baseline, debug, new RegressionSettings(), false);
        var underMsBuild = comparison with { Options = OptionNames.MsBuild };

        Assert.Equal(["vus 8 → 4", "build configuration Release → Debug"], comparison.FingerprintDifferences);
        Assert.Equal(
            $"Baseline: not compared, {Path} was recorded with another fingerprint (vus 8 → 4; build configuration Release → Debug); "
            + "add --allow-fingerprint-mismatch to compare anyway, or --update-baseline to record this fingerprint.",
            ComparisonHeadline.For(comparison));
        Assert.Contains("add -p:PerfGateAllowFingerprintMismatch=true to compare anyway, or -p:PerfGateUpdateBaseline=true", ComparisonHeadline.For(underMsBuild));
        Assert.All(comparison.Metrics, m => Assert.DoesNotContain("vus", ComparisonFormat.Message(m)));
    }

    [Fact]
    public void A_baseline_without_a_build_configuration_is_another_fingerprint_than_a_run_with_one()
    {
        var release = Fingerprint with { BuildConfiguration = "Release", TargetFramework = "net9.0" };

        Assert.Equal(["build configuration unknown → Release", "target framework unknown → net9.0"], FingerprintDifferences.Between(Fingerprint, release));
        Assert.Equal(["target framework net9.0 → net10.0"], FingerprintDifferences.Between(release, release with { TargetFramework = "net10.0" }));
    }

    [Fact]
    public void An_improvement_beyond_the_tolerance_is_called_an_improvement()
    {
        var comparison = BaselineComparer.Compare(Path, Baseline(Run(0, 20)), Run(1, 10), new RegressionSettings(), false);

        var read = ReadLatency(comparison);
        Assert.Equal(ComparisonOutcome.Improvement, read.Outcome);
        Assert.False(read.Regression || read.Inconclusive);
        Assert.Equal("better than the baseline by more than the 15 % tolerance", read.Reason);
        Assert.Matches(@"^api read_latency_p95: improvement, [\d.]+ ms against a baseline of [\d.]+ ms \(-[\d.]+ %\); better than", ComparisonFormat.Message(read));
        Assert.Equal($"Baseline: no regression in {comparison.Metrics.Count} judged metric(s) against 1 stored run in {Path}.", ComparisonHeadline.For(comparison));
    }

    [Fact]
    public void Every_comparison_message_has_one_value_format_one_signed_change_and_names_its_kind_once()
    {
        var comparison = BaselineComparer.Compare(Path, Baseline(Run(0, 10), Run(1, 10), Run(2, 10)), Run(3, 20), new RegressionSettings(), false);

        var read = ReadLatency(comparison);
        var message = ComparisonFormat.Message(read);
        Assert.Matches(@"^api read_latency_p95: regression, [\d.]+ ms against a baseline of [\d.]+ ms \(\+[\d.]+ %\); beyond the 15 % tolerance and the sampling noise", message);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(message, @"[+-]\d"));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(message, "regression"));
        Assert.Equal("+0.5 points", ComparisonFormat.Change(ComparisonKind.ErrorRate, 0.5));
        Assert.Equal("1 point", ComparisonFormat.Tolerance(ComparisonKind.ErrorRate, 1));
        Assert.Equal("102.7 req/s", ComparisonFormat.Value(ComparisonKind.Throughput, 102.719));
    }

    [Fact]
    public void Without_a_baseline_the_headline_names_the_option_that_records_one()
    {
        var comparison = BaselineComparer.Compare(Path, null, Run(0, 10), new RegressionSettings(), false);

        Assert.Equal($"Baseline: none at {Path} yet; add --update-baseline to record this run when its SLOs pass.", ComparisonHeadline.For(comparison));
        Assert.Equal($"Baseline: this run was recorded as the first in {Path}.", ComparisonHeadline.For(comparison with { BaselineUpdated = true }));
        Assert.Contains("add -p:PerfGateUpdateBaseline=true", ComparisonHeadline.For(comparison with { Options = OptionNames.MsBuild }));
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
        var busyComparison = BaselineComparer.Compare(Path, baseline, Run(1, 20, machineProbeMs: 40), new RegressionSettings(), false);
        Assert.Equal($"Baseline: no regression in 0 judged metric(s) ({busyComparison.Metrics.Count} more inconclusive) against 1 stored run in {Path}.",
            ComparisonHeadline.For(busyComparison));
    }

    [Fact]
    public void A_machine_probe_of_0_was_not_taken_and_makes_nobody_busier()
    {
        var unprobedBaseline = Baseline(Run(0, 10, machineProbeMs: 0));
        var probedBaseline = Baseline(Run(0, 10));

        // Measured now against stored runs that were not probed, and not probed now against probed stored runs.
        var againstUnprobed = ReadLatency(BaselineComparer.Compare(Path, unprobedBaseline, Run(1, 10, machineProbeMs: 40), new RegressionSettings(), false));
        var unprobed = ReadLatency(BaselineComparer.Compare(Path, probedBaseline, Run(1, 10, machineProbeMs: 0), new RegressionSettings(), false));

        Assert.DoesNotContain("busier", againstUnprobed.Reason);
        Assert.DoesNotContain("busier", unprobed.Reason);
    }
}
