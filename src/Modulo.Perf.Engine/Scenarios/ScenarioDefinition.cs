using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Scenarios;

/// <summary>A named sequence of steps that one virtual user runs per iteration.</summary>
public sealed class ScenarioDefinition
{
    /// <summary>The built-in variable <c>{seq}</c>: a per-VU sequence number every step may use.</summary>
    public const string SequenceVariable = "seq";

    /// <summary>
    /// The built-in variable <c>{vu}</c>: the VU's number in the whole test, from 1 (k6's <c>__VU</c>), unique across
    /// the instances of a segmented run, so <c>{vu}-{seq}</c> names every iteration of the test once.
    /// </summary>
    public const string VuVariable = "vu";

    public required string Name { get; init; }
    public required IReadOnlyList<StepDefinition> Steps { get; init; }
    /// <summary>Pause after each iteration (k6's sleep at the end of the default function).</summary>
    public TimeSpan ThinkTime { get; init; }
    public SourceLocation? Location { get; init; }
}
