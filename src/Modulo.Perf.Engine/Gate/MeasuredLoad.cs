using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Execution;
using Modulo.Perf.Engine.Execution.Segments;
using Modulo.Perf.Engine.Metrics;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.ServiceCounters;
using Modulo.Perf.Engine.Thresholds;

namespace Modulo.Perf.Engine.Gate;

/// <summary>What a load produced, before it is judged: by one run, or merged from the partial results of many.</summary>
internal sealed record MeasuredLoad(
    MetricRegistry Metrics,
    RunFingerprint Fingerprint,
    IReadOnlyList<string> Scenarios,
    DateTimeOffset Started,
    double DurationSeconds,
    double MachineProbeMs,
    ThresholdResult? AbortedBy,
    EngineUsage? Usage,
    ExecutionTuple Segment,
    SegmentStart? Start,
    WarmupSummary? Warmup = null,
    ServiceCounterReport? Service = null);
