using Modulo.Perf.Engine.SourceText;

namespace Modulo.Perf.Engine.Scenarios;

/// <summary>A named sequence of steps that one virtual user runs per iteration.</summary>
public sealed class ScenarioDefinition
{
    public required string Name { get; init; }
    public required IReadOnlyList<StepDefinition> Steps { get; init; }
    /// <summary>Steps a VU runs once, before its first iteration of this scenario; their captures stay with the VU.</summary>
    public IReadOnlyList<StepDefinition> Setup { get; init; } = [];
    /// <summary>Share of the iterations when VUs pick scenarios by weight; null when the file gives none.</summary>
    public double? Weight { get; init; }
    /// <summary>Pause after each iteration (k6's sleep at the end of the default function).</summary>
    public TimeSpan ThinkTime { get; init; }
    public SourceLocation? Location { get; init; }
}
