namespace Modulo.Perf.Engine.Baselines;

/// <summary>An interleaved A/B comparison: both targets, every round in the order it ran, and each compared metric.</summary>
public sealed record InterleavedComparison
{
    public required string BaseUrl { get; init; }

    public required string HeadUrl { get; init; }

    /// <summary>The perfgate.json whose tolerances judged the change: where a regression's warning points.</summary>
    public required string ConfigPath { get; init; }

    /// <summary>The planned length of every round, warm-ups included.</summary>
    public required double RoundSeconds { get; init; }

    /// <summary>Every round in the order it ran, warm-ups first.</summary>
    public required IReadOnlyList<InterleavedRound> Rounds { get; init; }

    public IReadOnlyList<InterleavedMetric> Metrics { get; init; } = [];

    public bool HasRegression => Metrics.Any(m => m.Outcome == InterleavedOutcome.Regression);
}
