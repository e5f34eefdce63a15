namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// One metric of one suite against the baseline: a results.json <c>regressions[]</c> entry. Latency is in ms
/// and throughput in requests/s, with <paramref name="ChangePercent"/> relative; error rates are percentages and
/// their change is in percentage points (a relative change from 0 % would be infinite).
/// </summary>
/// <param name="Reason">Why the verdict, without the values and change (<see cref="ComparisonFormat.Message"/> adds them).</param>
/// <param name="Improvement">Better than the baseline by more than the tolerance.</param>
public sealed record MetricComparison(
    string Suite,
    string Metric,
    ComparisonKind Kind,
    double Current,
    double Baseline,
    double ChangePercent,
    bool Regression,
    bool Inconclusive,
    string Reason,
    bool Improvement = false)
{
    public ComparisonOutcome Outcome =>
        Regression ? ComparisonOutcome.Regression
        : Inconclusive ? ComparisonOutcome.Inconclusive
        : Improvement ? ComparisonOutcome.Improvement
        : ComparisonOutcome.Unchanged;
}
