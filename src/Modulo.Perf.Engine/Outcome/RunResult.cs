using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Execution;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.ServiceCounters;
using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Outcome;

/// <summary>Everything the reports say about one run.</summary>
public sealed class RunResult
{
    public required Verdict Verdict { get; init; }
    public required DateTimeOffset Started { get; init; }
    public RunFingerprint? Fingerprint { get; init; }
    /// <summary>Null when the run never started (invalid configuration, unreachable target).</summary>
    public MetricRegistry? Metrics { get; init; }
    public IReadOnlyList<ThresholdResult> Thresholds { get; init; } = [];
    public IReadOnlyList<RunError> Errors { get; init; } = [];
    /// <summary>The abortOnFail threshold that ended the run early, if any.</summary>
    public ThresholdResult? AbortedBy { get; init; }
    public double DurationSeconds { get; init; }
    public IReadOnlyDictionary<string, long> FailuresByCause { get; init; } = new Dictionary<string, long>();
    /// <summary>What the load generator spent during the load; null when no load ran.</summary>
    public EngineUsage? EngineUsage { get; init; }
    /// <summary>The run against its baseline; null when the run produced no measurements.</summary>
    public BaselineComparison? Comparison { get; init; }
    /// <summary>The service's runtime counters during the load (--service-pid), or why there are none; null when not asked for.</summary>
    public ServiceCounterReport? Service { get; init; }
}
