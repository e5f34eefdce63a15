using System.Globalization;

namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// Judges head against base from interleaved rounds: every adjacent pair of measured rounds (one per side)
/// gives one head-vs-base change per metric; the median change and its exact 99 % sign-test interval decide.
/// A regression needs the whole interval beyond the tolerance, so noise that hits both sides of a pair cancels
/// and noise that hits one side widens the interval instead of raising an alarm. Reasoning: docs/baselines.md.
/// </summary>
public static class InterleavedComparer
{
    public static IReadOnlyList<InterleavedMetric> Compare(IReadOnlyList<InterleavedRound> rounds, RegressionSettings settings)
    {
        var measured = rounds.Where(r => !r.Warmup).ToList();
        var pairs = measured.Chunk(2).Where(p => p.Length == 2 && p[0].Role != p[1].Role)
            .Select(p => (Base: p.Single(r => r.Role == BuildRole.Base), Head: p.Single(r => r.Role == BuildRole.Head)))
            .ToList();
        var suites = measured.SelectMany(r => r.Measured.Suites.Keys).Distinct().ToList();
        var metrics = new List<InterleavedMetric>();
        foreach (var suite in suites)
        {
            var latencyNames = LatencyMetric.All.Select(l => l.Name)
                .Where(name => measured.Any(r => r.Measured.Suites.GetValueOrDefault(suite)?.Latency.ContainsKey(name) == true));
            foreach (var name in latencyNames)
            {
                metrics.Add(Judge(suite, name, ComparisonKind.Latency, settings.LatencyPercent, settings.MinSamples, pairs,
                    s => s.Latency.GetValueOrDefault(name) is { } l ? (l.P95, l.Samples) : null));
            }
            if (measured.Any(r => r.Measured.Suites.GetValueOrDefault(suite)?.ErrorRate is not null))
            {
                metrics.Add(Judge(suite, SuiteMeasurements.ErrorRateMetric, ComparisonKind.ErrorRate, settings.ErrorRatePoints, settings.MinSamples, pairs,
                    s => s.ErrorRate is { } e ? (100 * e.Rate, e.Requests) : null));
            }
            if (measured.Any(r => r.Measured.Suites.GetValueOrDefault(suite)?.Throughput is not null))
            {
                metrics.Add(Judge(suite, SuiteMeasurements.ThroughputMetric, ComparisonKind.Throughput, settings.ThroughputPercent, settings.MinSamples, pairs,
                    s => s.Throughput is { } t ? (t.Rps, t.Requests) : null));
            }
        }
        // The services' own cost per request, when both sides' runtime counters were recorded (--base-service-pid,
        // --head-service-pid): paired and judged like the latencies, with their own tolerances (PERF2004, PERF2005).
        if (measured.Any(r => r.Measured.Service is not null))
        {
            foreach (var (cost, tolerance) in new[]
            {
                (JudgeRounds(ServiceMeasurement.Suite, ServiceMeasurement.AllocMetric, ComparisonKind.AllocPerRequest, settings.AllocPerRequestPercent, settings.MinSamples, pairs,
                    r => r.Service is { } s ? (s.AllocPerRequestBytes, s.Requests) : null), settings.AllocPerRequestPercent),
                (JudgeRounds(ServiceMeasurement.Suite, ServiceMeasurement.CpuMetric, ComparisonKind.CpuPerRequest, settings.CpuPerRequestPercent, settings.MinSamples, pairs,
                    r => r.Service is { } s ? (s.CpuPerRequestMs, s.Requests) : null), settings.CpuPerRequestPercent),
            })
            {
                var otherLoad = OtherLoad(pairs, cost.Comparison.ChangePercent, tolerance);
                metrics.Add(otherLoad is null ? cost : cost with
                {
                    Outcome = InterleavedOutcome.Inconclusive,
                    Comparison = cost.Comparison with { Regression = false, Improvement = false, Inconclusive = true, Reason = otherLoad },
                });
            }
        }
        return metrics;
    }

    /// <summary>
    /// As in baseline mode: a service's cost per request includes fixed costs (timers, the session, the idle moments
    /// of a round) spread over the round's requests, so when head completes under half or over twice the base's
    /// requests per round (a latency regression at a fixed number of VUs, for one), its cost per request changes
    /// without any change per request, as far as <see cref="FixedCosts"/> bounds them; a 40 ms slower head at 1 VU
    /// showed +100 % CPU and allocation per request. <paramref name="changePercent"/> is the pairs' median change.
    /// </summary>
    private static string? OtherLoad(IReadOnlyList<(InterleavedRound Base, InterleavedRound Head)> pairs, double changePercent, double tolerance)
    {
        var ratios = pairs
            .Where(p => p.Base.Measured.Service is { Requests: > 0 } && p.Head.Measured.Service is not null)
            .Select(p => (double)p.Head.Measured.Service!.Requests / p.Base.Measured.Service!.Requests)
            .ToList();
        if (ratios.Count == 0)
        {
            return null;
        }
        var ratio = SignTestInterval.Median(ratios);
        return !FixedCosts.CouldExplain(ratio, 1, 1 + changePercent / 100, tolerance)
            ? null
            : Text($"head completed {ratio:0.##}× the base's requests per round (median of the pairs): fixed costs spread over so different a count make per-request costs incomparable");
    }

    private static InterleavedMetric Judge(
        string suite, string metric, ComparisonKind kind, double tolerance, int minSamples,
        IReadOnlyList<(InterleavedRound Base, InterleavedRound Head)> pairs,
        Func<SuiteMeasurements, (double Value, long Samples)?> read) =>
        JudgeRounds(suite, metric, kind, tolerance, minSamples, pairs, r => r.Suites.GetValueOrDefault(suite) is { } s ? read(s) : null);

    private static InterleavedMetric JudgeRounds(
        string suite, string metric, ComparisonKind kind, double tolerance, int minSamples,
        IReadOnlyList<(InterleavedRound Base, InterleavedRound Head)> pairs,
        Func<BaselineRun, (double Value, long Samples)?> read)
    {
        (double Value, long Samples)? Read(InterleavedRound round) => read(round.Measured);

        var values = pairs
            .Select(p => (p.Base, p.Head, BaseValue: Read(p.Base), HeadValue: Read(p.Head)))
            .Where(p => p.BaseValue is not null && p.HeadValue is not null)
            .ToList();
        var roundPairs = values
            // A base of 0 ms or 0 req/s has no ratio; such a round measured nothing worth comparing.
            .Where(p => kind == ComparisonKind.ErrorRate || p.BaseValue!.Value.Value > 0)
            .Select(p => new RoundPair(p.Base.Index, p.Head.Index, p.BaseValue!.Value.Value, p.HeadValue!.Value.Value,
                Change(kind, p.BaseValue.Value.Value, p.HeadValue.Value.Value)))
            .ToList();
        var baseSamples = values.Sum(p => p.BaseValue!.Value.Samples);
        var headSamples = values.Sum(p => p.HeadValue!.Value.Samples);
        var estimate = SignTestInterval.Estimate([.. roundPairs.Select(p => p.Change)]);
        var higherIsWorse = kind != ComparisonKind.Throughput;
        var unit = kind == ComparisonKind.ErrorRate ? " points" : "%";

        var (outcome, reason) = estimate switch
        {
            _ when Math.Min(baseSamples, headSamples) < minSamples => (InterleavedOutcome.Inconclusive,
                Text($"too few samples to judge: {headSamples} on head, {baseSamples} on base (minSamples {minSamples})")),
            null => (InterleavedOutcome.Inconclusive,
                Text($"{roundPairs.Count} round pair(s) are too few for a 99 % interval; at least {SignTestInterval.MinimumCount()} are needed (--rounds)")),
            _ => Decide(estimate, tolerance, higherIsWorse, unit),
        };
        var comparison = new MetricComparison(
            suite, metric, kind,
            SignTestInterval.Median(roundPairs.Select(p => p.Head)), SignTestInterval.Median(roundPairs.Select(p => p.Base)), estimate?.Median ?? 0,
            outcome == InterleavedOutcome.Regression, outcome == InterleavedOutcome.Inconclusive, reason);
        return new InterleavedMetric(suite, metric, kind, roundPairs, estimate, outcome, comparison);
    }

    private static (InterleavedOutcome, string) Decide(PairedEstimate estimate, double tolerance, bool higherIsWorse, string unit)
    {
        var interval = Text($"median change {estimate.Median:+0.0;-0.0;0.0}{unit}, 99 % interval {estimate.Low:+0.0;-0.0;0.0}{unit} … {estimate.High:+0.0;-0.0;0.0}{unit} over {estimate.Count} ABBA pairs");
        var worseLimit = higherIsWorse ? tolerance : -tolerance;
        var toleranceText = Text($"±{tolerance:0.##}{unit}");
        bool Worse(double change) => higherIsWorse ? change > worseLimit : change < worseLimit;
        bool Better(double change) => higherIsWorse ? change < -tolerance : change > tolerance;

        if (Worse(estimate.Low) && Worse(estimate.High))
        {
            return (InterleavedOutcome.Regression, $"{interval}: the whole interval is worse than the {toleranceText} tolerance");
        }
        if (Better(estimate.Low) && Better(estimate.High))
        {
            return (InterleavedOutcome.Improvement, $"{interval}: the whole interval is better than the {toleranceText} tolerance");
        }
        if (estimate.Low >= -tolerance && estimate.High <= tolerance)
        {
            return (InterleavedOutcome.NoChange, $"{interval}: the whole interval is within the {toleranceText} tolerance");
        }
        return (InterleavedOutcome.Inconclusive, $"{interval}: the interval crosses the {toleranceText} tolerance; more or longer rounds would narrow it");
    }

    /// <summary>Latency and throughput change in percent of the base; an error rate in percentage points (from 0 % a ratio is infinite).</summary>
    private static double Change(ComparisonKind kind, double baseValue, double headValue) =>
        kind == ComparisonKind.ErrorRate ? headValue - baseValue : 100 * (headValue / baseValue - 1);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
