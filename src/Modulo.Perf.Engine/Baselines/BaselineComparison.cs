namespace Modulo.Perf.Engine.Baselines;

/// <summary>The run against its baseline: every compared metric, what made the runs incomparable, and the trend.</summary>
public sealed record BaselineComparison
{
    public required string BaselinePath { get; init; }

    /// <summary>What this run measured, as it would be recorded.</summary>
    public required BaselineRun Current { get; init; }

    public IReadOnlyList<MetricComparison> Metrics { get; init; } = [];

    /// <summary>How the run differs from the newest baseline run when no stored run shares its fingerprint.</summary>
    public IReadOnlyList<string> FingerprintDifferences { get; init; } = [];

    /// <summary>True when the run was judged against the baseline despite <see cref="FingerprintDifferences"/>.</summary>
    public bool FingerprintMismatchAllowed { get; init; }

    /// <summary>How the messages name the options to change (flags, or MSBuild properties under the task).</summary>
    public OptionNames Options { get; init; } = OptionNames.Cli;

    /// <summary>The stored runs the comparison drew on, oldest first (the trend chart's points).</summary>
    public IReadOnlyList<BaselineRun> History { get; init; } = [];

    /// <summary>True when this run was added to the baseline file (--update-baseline and SLOs passed).</summary>
    public bool BaselineUpdated { get; init; }

    public bool HasRegression => Metrics.Any(m => m.Regression);
}
