using Modulo.Perf.Engine.Baselines;
using Modulo.Perf.Engine.Execution;
using Modulo.Perf.Engine.Metrics;

namespace Modulo.Perf.Engine.Reporting;

/// <summary>
/// The content of partial.json (docs/distributed.md): one instance's raw measurements of its segment. Trends are
/// whole HdrHistograms (the baselines' compressed codec), counters and rates their counts, so merging adds them
/// exactly and never averages a percentile.
/// </summary>
public sealed record PartialRun(
    int SchemaVersion,
    string Segment,
    string Sequence,
    RunFingerprint Fingerprint,
    DateTimeOffset Started,
    double DurationSeconds,
    double MachineProbeMs,
    IReadOnlyList<PartialSeries> Series,
    IReadOnlyList<IntervalStats> Intervals,
    PartialClock? Clock = null,
    PartialAbort? AbortedBy = null,
    EngineUsage? Engine = null)
{
    public const int CurrentSchemaVersion = 1;
}

/// <summary>When the instance's load began: the shared schedule (<c>--start-at</c>), the actual start, the offset between them.</summary>
public sealed record PartialClock(DateTimeOffset ActualStart, double OffsetSeconds, DateTimeOffset? ScheduledStart = null);

/// <summary>The abortOnFail threshold that stopped this instance early.</summary>
public sealed record PartialAbort(string Metric, string Expression, string Message);

/// <summary>
/// One series: a trend's encoded <paramref name="Histogram"/>; a counter's <paramref name="Sum"/>; a rate's
/// samples (<paramref name="Sum"/>) and non-zero samples; a gauge's <paramref name="Value"/>.
/// </summary>
public sealed record PartialSeries(
    string Metric, IReadOnlyDictionary<string, string> Tags, string? Histogram = null, long? Sum = null, long? NonZero = null, double? Value = null);
