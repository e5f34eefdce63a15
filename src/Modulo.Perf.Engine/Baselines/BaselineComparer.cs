using System.Globalization;
using HdrHistogram;

namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// Compares a run with the stored runs that share its fingerprint. A metric regresses only when its change
/// exceeds the configured tolerance AND a statistical test says the change is beyond sampling noise AND it is
/// worse than every recent run, of which there must be at least <see cref="MinRunsForSpread"/>. Too few runs or
/// samples, or a different fingerprint (unless allowed), gives "inconclusive". Reasoning: docs/baselines.md.
/// </summary>
public static class BaselineComparer
{
    /// <summary>With fewer stored runs the range of the history says nothing about normal variation, so no regression is called.</summary>
    public const int MinRunsForSpread = 3;

    private const double LatencyPercentile = 95;

    public static BaselineComparison Compare(string baselinePath, BaselineFile? baseline, BaselineRun current, RegressionSettings settings, bool allowFingerprintMismatch)
    {
        var stored = baseline?.History.OrderBy(r => r.Recorded).ToList() ?? [];
        var comparable = stored.Where(r => FingerprintDifferences.Between(r.Fingerprint, current.Fingerprint).Count == 0).ToList();
        var differences = comparable.Count == 0 && stored.Count > 0
            ? FingerprintDifferences.Between(stored[^1].Fingerprint, current.Fingerprint)
            : [];
        var history = comparable.Count > 0 ? comparable : stored;
        var window = history.TakeLast(settings.HistoryRuns).ToList();
        var mismatch = differences.Count > 0;
        // 0 is a probe that was not taken (a run judged against no baseline, merged later): it proves nothing either way.
        var probed = window.Where(r => r.MachineProbeMs > 0).ToList();
        var busyMachine = current.MachineProbeMs > 0 && probed.Count > 0 && current.MachineProbeMs > probed.Max(r => r.MachineProbeMs) * (1 + settings.MachineSlowdownPercent / 100)
            ? Text($"the machine was busier than during the baseline runs (a fixed CPU probe took {current.MachineProbeMs:0.#} ms, at most {probed.Max(r => r.MachineProbeMs):0.#} ms then); rerun when it is quieter")
            : null;

        var metrics = new List<MetricComparison>();
        foreach (var (suite, measured) in current.Suites)
        {
            var past = window.Select(r => r.Suites.GetValueOrDefault(suite)).OfType<SuiteMeasurements>().ToList();
            foreach (var (metric, latency) in measured.Latency)
            {
                var pastLatency = past.Select(s => s.Latency.GetValueOrDefault(metric)).OfType<LatencyMeasurement>().ToList();
                if (pastLatency.Count > 0)
                {
                    metrics.Add(Decide(Latency(baselinePath, suite, metric, latency, pastLatency, settings), settings, mismatch, allowFingerprintMismatch, busyMachine));
                }
            }
            var pastErrors = past.Select(s => s.ErrorRate).OfType<ErrorRateMeasurement>().ToList();
            if (measured.ErrorRate is { } errors && pastErrors.Count > 0)
            {
                metrics.Add(Decide(ErrorRate(suite, errors, pastErrors, settings), settings, mismatch, allowFingerprintMismatch, busyMachine));
            }
            var pastThroughput = past.Select(s => s.Throughput).OfType<ThroughputMeasurement>().ToList();
            if (measured.Throughput is { } throughput && pastThroughput.Count > 0)
            {
                metrics.Add(Decide(Throughput(suite, throughput, pastThroughput, settings), settings, mismatch, allowFingerprintMismatch, busyMachine));
            }
        }
        var pastService = window.Select(r => r.Service).OfType<ServiceMeasurement>().ToList();
        if (current.Service is { } service && pastService.Count > 0)
        {
            // What a request allocates does not depend on how busy the machine is, so a busy machine leaves it
            // comparable: that is what makes it the steadiest signal on a shared runner. CPU time does depend on it.
            var alloc = ServiceCost(ComparisonKind.AllocPerRequest, ServiceMeasurement.AllocMetric, service, pastService, m => m.AllocPerRequestBytes, settings.AllocPerRequestPercent);
            metrics.Add(Decide(alloc, settings, mismatch, allowFingerprintMismatch, OtherLoad(alloc, service, pastService)));
            // CPU per request varies about ±11 % from run to run on a shared machine (docs/performance.md): like every
            // metric, it is called a regression only against a history of 3 runs that shows that spread.
            var cpu = ServiceCost(ComparisonKind.CpuPerRequest, ServiceMeasurement.CpuMetric, service, pastService, m => m.CpuPerRequestMs, settings.CpuPerRequestPercent);
            metrics.Add(Decide(cpu, settings, mismatch, allowFingerprintMismatch, busyMachine ?? OtherLoad(cpu, service, pastService)));
        }
        return new BaselineComparison
        {
            BaselinePath = baselinePath,
            Current = current,
            Metrics = metrics,
            FingerprintDifferences = differences,
            FingerprintMismatchAllowed = allowFingerprintMismatch,
            History = history,
        };
    }

    // The baseline of a metric is its median run in the window: robust to one noisy run, yet a real run whose
    // histogram the statistical test can use.
    private static T MedianRun<T>(IReadOnlyList<T> runs, Func<T, double> value) => runs.OrderBy(value).ElementAt((runs.Count - 1) / 2);

    private static RegressionEvidence Latency(string path, string suite, string metric, LatencyMeasurement current, IReadOnlyList<LatencyMeasurement> past, RegressionSettings settings)
    {
        var baseline = MedianRun(past, m => m.P95);
        return new RegressionEvidence(
            suite, metric, ComparisonKind.Latency, current.P95, baseline.P95, RelativeChange(current.P95, baseline.P95), settings.LatencyPercent,
            current.Samples, baseline.Samples, [.. past.Select(m => m.P95)],
            () => Significance.PercentileIncreased(Decode(path, suite, metric, baseline), Decode(path, suite, metric, current), LatencyPercentile));
    }

    private static RegressionEvidence ErrorRate(string suite, ErrorRateMeasurement current, IReadOnlyList<ErrorRateMeasurement> past, RegressionSettings settings)
    {
        var baseline = MedianRun(past, m => m.Rate);
        return new RegressionEvidence(
            suite, SuiteMeasurements.ErrorRateMetric, ComparisonKind.ErrorRate, 100 * current.Rate, 100 * baseline.Rate, 100 * (current.Rate - baseline.Rate), settings.ErrorRatePoints,
            current.Requests, baseline.Requests, [.. past.Select(m => 100 * m.Rate)],
            () => Significance.RateIncreased(baseline.Failed, baseline.Requests, current.Failed, current.Requests));
    }

    private static RegressionEvidence Throughput(string suite, ThroughputMeasurement current, IReadOnlyList<ThroughputMeasurement> past, RegressionSettings settings)
    {
        var baseline = MedianRun(past, m => m.Rps);
        return new RegressionEvidence(
            suite, SuiteMeasurements.ThroughputMetric, ComparisonKind.Throughput, current.Rps, baseline.Rps, RelativeChange(current.Rps, baseline.Rps), settings.ThroughputPercent,
            current.Requests, baseline.Requests, [.. past.Select(m => m.Rps)],
            () => Significance.ThroughputDecreased(baseline, current));
    }

    /// <summary>
    /// A service's cost per request includes fixed costs (JIT, timers, the idle second around the load) spread over
    /// the run's requests: when a run completed under half or over twice the baseline's median requests (a latency
    /// regression in a closed model, for one), per-request costs change without any change per request, as far as
    /// <see cref="FixedCosts"/> bounds them.
    /// </summary>
    private static string? OtherLoad(RegressionEvidence cost, ServiceMeasurement current, IReadOnlyList<ServiceMeasurement> past)
    {
        var baseline = MedianRun(past, m => m.Requests).Requests;
        var ratio = baseline == 0 ? 0 : (double)current.Requests / baseline;
        return FixedCosts.CouldExplain(ratio, cost.Baseline, cost.Current, cost.Tolerance)
            ? Text($"the service completed {current.Requests} requests against {baseline} in the baseline: fixed costs spread over so different a count make per-request costs incomparable")
            : null;
    }

    private static RegressionEvidence ServiceCost(
        ComparisonKind kind, string metric, ServiceMeasurement current, IReadOnlyList<ServiceMeasurement> past, Func<ServiceMeasurement, double> value, double tolerance)
    {
        var baseline = MedianRun(past, value);
        return new RegressionEvidence(
            ServiceMeasurement.Suite, metric, kind, value(current), value(baseline), RelativeChange(value(current), value(baseline)), tolerance,
            current.Requests, baseline.Requests, [.. past.Select(value)], Significant: null);
    }

    /// <summary>
    /// The verdict on one metric and why, without repeating the values and change that every message puts before
    /// it (<see cref="ComparisonFormat.Message"/>).
    /// </summary>
    private static MetricComparison Decide(RegressionEvidence e, RegressionSettings settings, bool mismatch, bool allowMismatch, string? busyMachine)
    {
        MetricComparison Result(ComparisonOutcome outcome, string reason) =>
            new(e.Suite, e.Metric, e.Kind, e.Current, e.Baseline, e.Change, outcome == ComparisonOutcome.Regression, outcome == ComparisonOutcome.Inconclusive, reason,
                outcome == ComparisonOutcome.Improvement);

        if (mismatch && !allowMismatch)
        {
            // The differences and what to do about them are said once for the whole comparison (ComparisonHeadline).
            return Result(ComparisonOutcome.Inconclusive, "not compared: the baseline was recorded with another fingerprint");
        }
        var prefix = mismatch ? "compared although the fingerprint differs: " : "";
        if (busyMachine is not null)
        {
            return Result(ComparisonOutcome.Inconclusive, prefix + busyMachine);
        }
        if (Math.Min(e.CurrentSamples, e.BaselineSamples) < settings.MinSamples)
        {
            return Result(ComparisonOutcome.Inconclusive, prefix + Text($"too few samples to judge: {e.CurrentSamples} in this run, {e.BaselineSamples} in the baseline (minSamples {settings.MinSamples})"));
        }
        var tolerance = ComparisonFormat.Tolerance(e.Kind, e.Tolerance);
        if (e.BetterBeyondTolerance)
        {
            return Result(ComparisonOutcome.Improvement, prefix + $"better than the baseline by more than the {tolerance} tolerance");
        }
        if (!e.BeyondTolerance)
        {
            return Result(ComparisonOutcome.Unchanged, prefix + $"within the {tolerance} tolerance");
        }
        if (e.Significant is { } significant && !significant())
        {
            return Result(ComparisonOutcome.Unchanged, prefix + $"beyond the {tolerance} tolerance but not the sampling noise of the two runs (99 % test)");
        }
        // A service's cost per request is one total per run: there is no sampling test for it, only the tolerance.
        var noise = e.Significant is null ? "" : " and the sampling noise (99 % test)";
        var range = $"{ComparisonFormat.Value(e.Kind, e.History.Min())}–{ComparisonFormat.Value(e.Kind, e.History.Max())}";
        if (e.History.Count < MinRunsForSpread)
        {
            return Result(ComparisonOutcome.Inconclusive, prefix + Text($"history too short ({e.History.Count} of {MinRunsForSpread} runs): beyond the {tolerance} tolerance{noise}, but so few stored runs cannot show this machine's normal variation"));
        }
        if (!e.OutsideHistory)
        {
            return Result(ComparisonOutcome.Unchanged, prefix + Text($"beyond the {tolerance} tolerance but within the last {e.History.Count} runs' range {range}"));
        }
        return Result(ComparisonOutcome.Regression, prefix + Text($"beyond the {tolerance} tolerance{noise}, and worse than each of the last {e.History.Count} runs ({range})"));
    }

    // A baseline of 0 (no latency, no throughput) cannot come from a run with samples; guarded so JSON never sees NaN.
    private static double RelativeChange(double current, double baseline) => baseline == 0 ? 0 : 100 * (current - baseline) / baseline;

    private static HistogramBase Decode(string path, string suite, string metric, LatencyMeasurement measurement)
    {
        try
        {
            return HistogramCodec.Decode(measurement.Histogram);
        }
        catch (FormatException e)
        {
            throw BaselineStore.CorruptHistogram(path, suite, metric, e);
        }
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
