using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.Tests.Baselines;

/// <summary>
/// The service's cost per request against the baseline (docs/baselines.md): own tolerances (allocation +10 %,
/// CPU +15 %), the history's spread, minimum requests; runs captured from registries holding the service gauges.
/// </summary>
public sealed class ServiceCostComparisonTests
{
    private const string Path = "/baselines/performance-baselines.json";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly RunFingerprint Fingerprint =
        new("short", "constant-vus", 4, 2, [], ["api"], "/perfgate.json", "hash", "http://127.0.0.1:1/", "0.1.0", 2);

    private static BaselineRun Run(int hour, double allocBytes, double cpuMs, long requests = 5_000, bool withCounters = true)
    {
        var registry = new MetricRegistry();
        registry.AddCounter(registry.Register(MetricCatalog.HttpReqs, new TagSet(new Dictionary<string, string> { ["scenario"] = "api" })).Id, requests);
        if (withCounters)
        {
            registry.SetGauge(registry.Register(MetricCatalog.ServiceAllocPerRequest, TagSet.Empty), allocBytes);
            registry.SetGauge(registry.Register(MetricCatalog.ServiceCpuPerRequest, TagSet.Empty), cpuMs);
        }
        registry.Collect();
        return RunMeasurements.Capture(registry, ["api"], Fingerprint, Start.AddHours(hour), null, machineProbeMs: 20);
    }

    private static BaselineFile Baseline(params BaselineRun[] history) =>
        new(1, new BaselineMetadata(Start, Start, null, new Dictionary<string, IReadOnlyList<string>>(), Fingerprint), new Dictionary<string, LatencySummary>(), history);

    private static MetricComparison Metric(BaselineComparison comparison, string metric) =>
        Assert.Single(comparison.Metrics, m => m.Suite == ServiceMeasurement.Suite && m.Metric == metric);

    [Fact]
    public void Allocation_beyond_its_ten_percent_tolerance_is_a_regression_and_cpu_within_fifteen_is_not()
    {
        var history = Baseline(Run(0, 10_000, 0.20), Run(1, 10_000, 0.20), Run(2, 10_000, 0.20));
        var comparison = BaselineComparer.Compare(Path, history, Run(3, 11_500, 0.22), new RegressionSettings(), false);

        var alloc = Metric(comparison, ServiceMeasurement.AllocMetric);
        Assert.True(alloc.Regression, alloc.Reason);
        Assert.Equal(ComparisonKind.AllocPerRequest, alloc.Kind);
        Assert.Contains("(+15.0 %); beyond the 10 % tolerance", ComparisonFormat.Message(alloc));
        Assert.DoesNotContain("99 % test", alloc.Reason);
        var cpu = Metric(comparison, ServiceMeasurement.CpuMetric);
        Assert.False(cpu.Regression || cpu.Inconclusive, cpu.Reason);
        Assert.Contains("within the 15 % tolerance", cpu.Reason);
        Assert.True(comparison.HasRegression);
    }

    [Fact]
    public void Cpu_beyond_its_tolerance_is_a_regression_unless_a_recent_run_was_as_costly()
    {
        var settings = new RegressionSettings();
        var steady = Baseline(Run(0, 10_000, 0.20), Run(1, 10_000, 0.21), Run(2, 10_000, 0.20));
        var noisy = Baseline(Run(0, 10_000, 0.20), Run(1, 10_000, 0.30), Run(2, 10_000, 0.20));

        var cpu = Metric(BaselineComparer.Compare(Path, steady, Run(3, 10_000, 0.26), settings, false), ServiceMeasurement.CpuMetric);
        var withinSpread = Metric(BaselineComparer.Compare(Path, noisy, Run(3, 10_000, 0.26), settings, false), ServiceMeasurement.CpuMetric);

        Assert.True(cpu.Regression, cpu.Reason);
        Assert.Equal(ComparisonKind.CpuPerRequest, cpu.Kind);
        Assert.False(withinSpread.Regression, withinSpread.Reason);
        Assert.Contains("within the last 3 runs' range", withinSpread.Reason);
    }

    [Fact]
    public void Own_tolerances_too_few_requests_and_runs_without_counters_are_respected()
    {
        var lenient = new RegressionSettings { AllocPerRequestPercent = 50 };
        var few = new RegressionSettings { MinSamples = 10_000 };

        var tolerated = Metric(BaselineComparer.Compare(Path, Baseline(Run(0, 10_000, 0.2)), Run(1, 14_000, 0.2), lenient, false), ServiceMeasurement.AllocMetric);
        var inconclusive = Metric(BaselineComparer.Compare(Path, Baseline(Run(0, 10_000, 0.2)), Run(1, 20_000, 0.2), few, false), ServiceMeasurement.AllocMetric);
        var unmeasured = BaselineComparer.Compare(Path, Baseline(Run(0, 0, 0, withCounters: false)), Run(1, 20_000, 0.2), new RegressionSettings(), false);

        Assert.False(tolerated.Regression, tolerated.Reason);
        Assert.True(inconclusive.Inconclusive, inconclusive.Reason);
        Assert.DoesNotContain(unmeasured.Metrics, m => m.Suite == ServiceMeasurement.Suite);
    }

    [Fact]
    public void With_fewer_than_three_stored_runs_a_doubled_cost_is_inconclusive()
    {
        var comparison = BaselineComparer.Compare(Path, Baseline(Run(0, 10_000, 0.20), Run(1, 10_000, 0.20)), Run(2, 20_000, 0.40), new RegressionSettings(), false);

        // The rule every compared metric follows (docs/baselines.md): two stored runs cannot show the normal variation.
        foreach (var metric in new[] { ServiceMeasurement.AllocMetric, ServiceMeasurement.CpuMetric })
        {
            var cost = Metric(comparison, metric);
            Assert.True(cost.Inconclusive, cost.Reason);
            Assert.StartsWith("history too short (2 of 3 runs)", cost.Reason);
        }
    }

    [Fact]
    public void A_busy_machine_leaves_allocation_comparable_but_makes_cpu_inconclusive()
    {
        var busy = Run(3, 20_000, 0.40) with { MachineProbeMs = 200 };

        var comparison = BaselineComparer.Compare(Path, Baseline(Run(0, 10_000, 0.20), Run(1, 10_000, 0.20), Run(2, 10_000, 0.20)), busy, new RegressionSettings(), false);

        var alloc = Metric(comparison, ServiceMeasurement.AllocMetric);
        Assert.True(alloc.Regression, alloc.Reason);
        var cpu = Metric(comparison, ServiceMeasurement.CpuMetric);
        Assert.True(cpu.Inconclusive, cpu.Reason);
        Assert.Contains("busier", cpu.Reason);
    }

    [Fact]
    public void A_run_that_completed_far_fewer_requests_is_inconclusive_on_cost_per_request()
    {
        var comparison = BaselineComparer.Compare(Path, Baseline(Run(0, 10_000, 0.2, requests: 50_000)), Run(1, 30_000, 2.0, requests: 400), new RegressionSettings(), false);

        var cpu = Metric(comparison, ServiceMeasurement.CpuMetric);
        Assert.True(cpu.Inconclusive && !cpu.Regression, cpu.Reason);
        Assert.Contains("completed 400 requests against 50000", cpu.Reason);
    }

    [Fact]
    public void A_cost_per_request_beyond_what_fixed_costs_explain_is_a_regression_even_with_half_the_requests()
    {
        // The service's own allocations halved its requests: fixed costs could at most double its cost per request,
        // not multiply it by 13. Its CPU, 2.1 times the baseline's, is within what they explain.
        var history = Baseline(Run(0, 1_364, 0.09, requests: 18_000), Run(1, 1_364, 0.09, requests: 18_000), Run(2, 1_364, 0.09, requests: 18_000));

        var comparison = BaselineComparer.Compare(Path, history, Run(3, 17_848, 0.19, requests: 8_000), new RegressionSettings(), false);

        var alloc = Metric(comparison, ServiceMeasurement.AllocMetric);
        Assert.True(alloc.Regression, alloc.Reason);
        var cpu = Metric(comparison, ServiceMeasurement.CpuMetric);
        Assert.True(cpu.Inconclusive && !cpu.Regression, cpu.Reason);
        Assert.Contains("completed 8000 requests against 18000", cpu.Reason);
    }
}
