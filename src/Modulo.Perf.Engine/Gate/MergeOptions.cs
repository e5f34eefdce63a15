namespace Modulo.Perf.Engine.Gate;

/// <summary>The <c>merge</c> command's options: the instances' output directories and what a run's judgement needs.</summary>
public sealed record MergeOptions
{
    /// <summary>One output directory per segment, each holding the partial.json its instance wrote.</summary>
    public required IReadOnlyList<string> Directories { get; init; }
    public required string ConfigPath { get; init; }
    public string OutputDirectory { get; init; } = "perf-results";
    public string? BaselinePath { get; init; }
    public bool UpdateBaseline { get; init; }
    public bool AllowFingerprintMismatch { get; init; }
    /// <summary>--wait-until: wait (at most until then) for every directory's partial.json before merging.</summary>
    public DateTimeOffset? WaitUntil { get; init; }
}
