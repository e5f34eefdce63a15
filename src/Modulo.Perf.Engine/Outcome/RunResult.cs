using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Execution;
using Modulo.Perf.Engine.Execution.Segments;
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
    /// <summary>The signal that interrupted the run (verdict <see cref="Verdict.Interrupted"/>), if one did.</summary>
    public StopSignal? InterruptedBy { get; init; }
    /// <summary>The profile's warm-up, measured apart; null when the profile has none.</summary>
    public WarmupSummary? Warmup { get; init; }
    /// <summary>The run against its baseline; null when the run produced no measurements.</summary>
    public BaselineComparison? Comparison { get; init; }
    /// <summary>The share of the test this run drove: the whole test unless run with an execution segment.</summary>
    public ExecutionTuple Segment { get; init; } = ExecutionTuple.Whole;
    /// <summary>When the load began against its scheduled start (<c>--start-at</c>); null when no load ran.</summary>
    public SegmentStart? SegmentStart { get; init; }
    /// <summary>The machine probe's time (slower of before and after the load), kept with baselines.</summary>
    public double MachineProbeMs { get; init; }
    /// <summary>Head against base in an interleaved comparison (<c>compare</c>); null for <c>run</c>.</summary>
    public InterleavedComparison? Interleaved { get; init; }
    /// <summary>The service's runtime counters during the load (--service-pid), or why there are none; null when not asked for.</summary>
    public ServiceCounterReport? Service { get; init; }

    public int ExitCode => InterruptedBy is { } signal ? signal.ExitCode() : Verdict.ExitCode();
}
