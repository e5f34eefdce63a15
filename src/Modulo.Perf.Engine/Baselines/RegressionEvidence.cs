namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// What one rule measured for one metric, before the shared decision in <see cref="BaselineComparer"/>:
/// the change (percent, or percentage points for error rates), the samples behind both sides, the metric's
/// values in the recent history, and the rule's statistical test (null for per-run totals such as the service's
/// cost per request, which have no per-sample distribution to test: their noise is judged by the history alone).
/// </summary>
internal sealed record RegressionEvidence(
    string Suite,
    string Metric,
    ComparisonKind Kind,
    double Current,
    double Baseline,
    double Change,
    double Tolerance,
    long CurrentSamples,
    long BaselineSamples,
    IReadOnlyList<double> History,
    Func<bool>? Significant)
{
    /// <summary>Latency and error rate get worse upwards, throughput downwards.</summary>
    public bool HigherIsWorse => Kind != ComparisonKind.Throughput;

    public bool BeyondTolerance => HigherIsWorse ? Change > Tolerance : -Change > Tolerance;

    /// <summary>Better than the baseline by more than the tolerance: an improvement, not "within the tolerance".</summary>
    public bool BetterBeyondTolerance => HigherIsWorse ? -Change > Tolerance : Change > Tolerance;

    /// <summary>Worse than every one of the recent runs: outside the history's normal variation.</summary>
    public bool OutsideHistory => HigherIsWorse ? Current > History.Max() : Current < History.Min();
}
