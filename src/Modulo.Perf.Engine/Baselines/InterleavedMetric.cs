namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// One metric of one suite, head against base: the value of each adjacent ABBA pair, the median change with
/// its 99 % interval (null when there were too few pairs), the outcome, and the same as a
/// <see cref="MetricComparison"/> for results.json's <c>regressions[]</c> and the MSBuild warnings.
/// </summary>
public sealed record InterleavedMetric(
    string Suite,
    string Metric,
    ComparisonKind Kind,
    IReadOnlyList<RoundPair> Pairs,
    PairedEstimate? Estimate,
    InterleavedOutcome Outcome,
    MetricComparison Comparison);

/// <summary>
/// One adjacent pair of rounds: both sides' values (ms, percent, req/s) and the head's change against the base,
/// in percent for latency and throughput (100·(head/base − 1)) and in percentage points for the error rate.
/// </summary>
public sealed record RoundPair(int BaseRound, int HeadRound, double Base, double Head, double Change);
