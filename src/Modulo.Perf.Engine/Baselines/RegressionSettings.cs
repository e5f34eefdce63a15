namespace Modulo.Perf.Engine.Baselines;

/// <summary>
/// The config's optional <c>"regression"</c> section: how far a metric may move before it counts as a
/// regression, and how much history and how many samples a verdict needs. Defaults are the Modulo backend's tolerances (docs/baselines.md).
/// </summary>
public sealed record RegressionSettings
{
    /// <summary>A latency p95 worse by more than this percentage may be a regression.</summary>
    public double LatencyPercent { get; init; } = 15;

    /// <summary>An error rate up by more than this many percentage points may be a regression.</summary>
    public double ErrorRatePoints { get; init; } = 2;

    /// <summary>Throughput down by more than this percentage may be a regression.</summary>
    public double ThroughputPercent { get; init; } = 10;

    /// <summary>The service's bytes allocated per request up by more than this percentage may be a regression.</summary>
    public double AllocPerRequestPercent { get; init; } = 10;

    /// <summary>The service's CPU time per request up by more than this percentage may be a regression.</summary>
    public double CpuPerRequestPercent { get; init; } = 15;

    /// <summary>History entries older than this are pruned when the baseline is updated (the newest always stays).</summary>
    public int HistoryDays { get; init; } = 90;

    /// <summary>How many recent comparable runs define the baseline and its normal variation.</summary>
    public int HistoryRuns { get; init; } = 10;

    /// <summary>
    /// A <see cref="MachineProbe"/> slower by more than this percentage than in every baseline run makes the
    /// comparison inconclusive: the machine was busier, so a slowdown says nothing about the code.
    /// </summary>
    public double MachineSlowdownPercent { get; init; } = 25;

    /// <summary>Fewer requests than this, in the run or in the baseline, make a comparison inconclusive.</summary>
    public int MinSamples { get; init; } = 100;
}
