namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// One metric of one suite against the baseline: a results.json <c>regressions[]</c> entry. Latency is in ms
/// and throughput in requests/s, with <paramref name="ChangePercent"/> relative; error rates are percentages and
/// their change is in percentage points (a relative change from 0 % would be infinite).
/// </summary>
public sealed record MetricComparison(
    string Suite,
    string Metric,
    ComparisonKind Kind,
    double Current,
    double Baseline,
    double ChangePercent,
    bool Regression,
    bool Inconclusive,
    string Reason);
